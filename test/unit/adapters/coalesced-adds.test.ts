import { coalescedAdds } from '../../../shared/adapters/dynamodb/coalesced-adds';

describe('coalescedAdds', () => {
  it('adds every increment exactly once, in fewer writes while one is in flight', async () => {
    // Prepare
    const writes: Array<[string, number]> = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const add = coalescedAdds(async (key, amount) => {
      writes.push([key, amount]);
      await gate;
    });

    // Act
    const early = Array.from({ length: 40 }, () => add('a'));
    const other = add('b');
    await new Promise((resolve) => setImmediate(resolve)); // the first write of 'a' is now in flight
    const late = Array.from({ length: 60 }, () => add('a'));
    release();
    await Promise.all([...early, other, ...late]);

    // Assess
    expect(writes).toEqual([
      ['a', 40],
      ['b', 1],
      ['a', 60],
    ]);
  });

  it('rejects the callers of a failed write and lets the next increment write again', async () => {
    // Prepare
    let fail = true;
    const writes: number[] = [];
    const add = coalescedAdds(async (_key, amount) => {
      writes.push(amount);
      if (fail) throw new Error('throttled');
    });

    // Act
    const failed = add('a');
    await expect(failed).rejects.toThrow('throttled');
    fail = false;
    await add('a');

    // Assess
    expect(writes).toEqual([1, 1]);
  });
});
