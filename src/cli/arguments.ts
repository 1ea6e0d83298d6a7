import { InvalidArgumentError } from 'commander';

/** Commander option parser for whole numbers of at least `min`; anything else is a usage error. */
export const wholeNumber =
  (min = 1) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return n;
  };
