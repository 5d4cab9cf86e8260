import { html, SafeHtml } from './safe-html';

/**
 * One small inline stylesheet (the CSP allows inline styles, nothing else): a single readable column, text
 * large enough for a phone, and buttons big enough for a thumb. A constant, so it is wrapped as safe markup.
 */
const STYLE = new SafeHtml(`
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f5f7}
main{max-width:36rem;margin:0 auto;padding:1.25rem 1rem 2.5rem}
.card{background:#fff;border:1px solid #dde1e7;border-radius:12px;padding:1.25rem}
.brand{margin:0 0 .75rem;font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:#5b6475}
h1{font-size:1.45rem;line-height:1.25;margin:0 0 .5rem;overflow-wrap:anywhere}
h2{font-size:1rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
dl{margin:1rem 0 0;border-top:1px solid #e6e9ee}
dl div{display:flex;flex-wrap:wrap;gap:0 .75rem;padding:.45rem 0;border-bottom:1px solid #e6e9ee}
dt{flex:0 0 7.5rem;color:#5b6475}
dd{flex:1 1 12rem;margin:0;overflow-wrap:anywhere}
code{font:.92em ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef0f4;border-radius:4px;padding:0 .25em}
ol{margin:0;padding-left:1.25rem}
.state{color:#5b6475}
.state-SUCCEEDED{color:#1a7f37}.state-FAILED,.state-CANCELED,.state-STOPPED{color:#b42318}
label{display:block;font-weight:600;margin:1.25rem 0 .35rem}
textarea{width:100%;min-height:5.5rem;font:inherit;padding:.6rem;border:1px solid #b8bfcc;border-radius:8px}
button{display:block;width:100%;min-height:3rem;margin-top:.75rem;font:inherit;font-weight:600;border-radius:8px;
border:1px solid transparent;cursor:pointer}
.approve{background:#1a7f37;color:#fff}
.reject{background:#b42318;color:#fff}
.instead{width:auto;min-height:2.5rem;margin:.75rem auto 0;padding:0 1rem;background:none;color:#3b4557;
font-weight:500;text-decoration:underline}
.note{color:#5b6475;font-size:.92rem}
.problem{background:#fef3f2;border:1px solid #f4b4ae;border-radius:8px;padding:.6rem .75rem;color:#7a271a}
.tone{font-size:2rem;line-height:1;margin:0 0 .5rem}
.tone-ok{color:#1a7f37}.tone-warn{color:#b54708}.tone-error{color:#b42318}
a{color:#1d4ed8}
`);

/**
 * Wraps page content in the shared document: UTF-8, a mobile viewport, the inline stylesheet, no scripts.
 * The `referrer` and `robots` meta tags repeat the response headers for clients that drop headers.
 *
 * @example
 * ```ts
 * renderPage({ title: 'Approve prod-api?', body: html`<h1>Approve prod-api?</h1>` });
 * ```
 */
export const renderPage = (page: { title: string; body: SafeHtml }): string =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${page.title} · pipegate</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="card">
<p class="brand">pipegate</p>
${page.body}
</div>
</main>
</body>
</html>
`.markup;
