import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settled = async (promise: Promise<void>): Promise<boolean> => {
    let done = false;
    void promise.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('a signal while someone waits ends the wait at once', async () => {
    const wakeup = new Wakeup();
    const waiting = wakeup.wait(1000);
    expect(await settled(waiting)).toBe(false);
    wakeup.signal();
    expect(await settled(waiting)).toBe(true);
  });

  it('a signal while no one waits is kept: the next wait returns at once, the one after does not', async () => {
    const wakeup = new Wakeup();
    wakeup.signal();
    wakeup.signal();
    expect(await settled(wakeup.wait(1000))).toBe(true);
    const next = wakeup.wait(1000);
    expect(await settled(next)).toBe(false);
    jest.advanceTimersByTime(1000);
    expect(await settled(next)).toBe(true);
  });

  it('without a signal the wait ends after its time, and a later signal is kept for the next wait', async () => {
    const wakeup = new Wakeup();
    const waiting = wakeup.wait(1000);
    jest.advanceTimersByTime(999);
    expect(await settled(waiting)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(waiting)).toBe(true);
    wakeup.signal();
    expect(await settled(wakeup.wait(1000))).toBe(true);
  });
});
