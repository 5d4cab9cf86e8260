import type { LinkAnswer, LinkVisit } from '../approvals/link-visit';
import { renderLinkForm, renderLinkRefusal, renderLinkResult } from '../present/pages/link-pages';
import { statusForCode } from './error-mapper';
import type { HttpResponse } from './responses';
import { htmlHeaders } from './security-headers';

/** An HTML page with the headers every link page carries. */
export const htmlPage = (statusCode: number, body: string): HttpResponse => ({
  statusCode,
  headers: htmlHeaders(),
  body,
});

/** A GET's answer: the form, or the refusal's page and status (nothing recorded). */
export const linkVisitResponse = (visit: LinkVisit): HttpResponse =>
  visit.outcome === 'form'
    ? htmlPage(200, renderLinkForm(visit.form))
    : htmlPage(statusForCode(visit.refusal.reason), renderLinkRefusal(visit.refusal, false));

/** A POST's answer: 422 with the form again for a form mistake, the result page, or the refusal (recorded). */
export const linkAnswerResponse = (answer: LinkAnswer): HttpResponse => {
  switch (answer.outcome) {
    case 'form-again':
      return htmlPage(422, renderLinkForm(answer.form, answer.missing));
    case 'refused':
      return htmlPage(statusForCode(answer.refusal.reason), renderLinkRefusal(answer.refusal, true));
    default:
      return htmlPage(200, renderLinkResult(answer));
  }
};
