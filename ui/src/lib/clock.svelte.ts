// A clock that ticks every second while something on screen shows a live countdown, and
// stops when nothing does (battery). `app.now` ticks every 30 s for relative times; deadlines
// counting down to the minute want this one.

let now = $state(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export const clock = {
  get now(): number {
    return now;
  },
};

/** Starts the ticking (shared by every caller); returns the stop for onMount. */
export function useSecondClock(): () => void {
  users += 1;
  now = Date.now();
  if (timer === undefined) timer = setInterval(() => (now = Date.now()), 1000);
  return () => {
    users -= 1;
    if (users <= 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
      users = 0;
    }
  };
}
