import { pagesOfNewest } from '../../../shared/adapters/github/github-compare';

describe('pagesOfNewest: the compare pages that hold the newest commits of a range', () => {
  it.each([
    // total, count, perPage, pages
    [0, 20, 20, [1]],
    [5, 20, 20, [1]],
    [20, 20, 20, [1]],
    [21, 20, 20, [1, 2]],
    [40, 20, 20, [2]],
    [45, 20, 20, [2, 3]],
    [300, 20, 20, [15]],
    [301, 20, 20, [15, 16]],
    [250, 20, 100, [3]],
    [290, 20, 100, [3]],
    [301, 20, 100, [3, 4]],
  ])('%i commits, newest %i, %i per page: pages %j', (total, count, perPage, pages) => {
    expect(pagesOfNewest(total, count, perPage)).toEqual(pages);
  });
});
