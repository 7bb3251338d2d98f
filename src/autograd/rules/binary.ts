/** Gradient of the `binary` kernel; broadcast dimensions are summed back with `sumTo`. */
import type { ArithmeticOp } from '../../backend/index.js';
import type { Primitives } from '../primitives.js';
import type { GradRule } from '../rule.js';

type PairGrads<T> = [da: T | null, db: T | null];
type BinaryDerivative = <T>(a: T, b: T, y: T, dy: T, p: Primitives<T>, needs: readonly boolean[]) => PairGrads<T>;

/** d max(a,b): all to the larger operand, half each on a tie (as PyTorch). */
function extremumGrads<T>(a: T, b: T, dy: T, p: Primitives<T>, aWins: 'gt' | 'lt'): PairGrads<T> {
  const half = p.scale(dy, 0.5);
  const zero = p.scalarLike(0, dy);
  const tie = p.binary('eq', a, b);
  const da = p.where(tie, half, p.where(p.binary(aWins, a, b), dy, zero));
  const db = p.where(tie, half, p.where(p.binary(aWins, b, a), dy, zero));
  return [da, db];
}

const derivatives: Record<ArithmeticOp, BinaryDerivative> = {
  add: (_a, _b, _y, dy) => [dy, dy],
  sub: (_a, _b, _y, dy, p) => [dy, p.neg(dy)],
  mul: (a, b, _y, dy, p, needs) => [needs[0] ? p.mul(dy, b) : null, needs[1] ? p.mul(dy, a) : null],
  div: (a, b, _y, dy, p, needs) => [
    needs[0] ? p.div(dy, b) : null,
    needs[1] ? p.neg(p.div(p.mul(dy, a), p.mul(b, b))) : null,
  ],
  pow: <T>(a: T, b: T, y: T, dy: T, p: Primitives<T>, needs: readonly boolean[]): PairGrads<T> => {
    // d/da a^b = b·a^(b−1); d/db a^b = a^b·log a, defined as 0 where a = 0 and b ≥ 0 (as PyTorch).
    const da = needs[0] ? p.mul(dy, p.mul(b, p.binary('pow', a, p.sub(b, p.scalarLike(1, b))))) : null;
    let db: T | null = null;
    if (needs[1]) {
      const zero = p.scalarLike(0, a);
      const atZero = p.binary('logicalAnd', p.binary('eq', a, zero), p.binary('ge', b, p.scalarLike(0, b)));
      db = p.where(atZero, zero, p.mul(dy, p.mul(y, p.unary('log', a))));
    }
    return [da, db];
  },
  maximum: (a, b, _y, dy, p) => extremumGrads(a, b, dy, p, 'gt'),
  minimum: (a, b, _y, dy, p) => extremumGrads(a, b, dy, p, 'lt'),
};

/** dL/da, dL/db of an arithmetic op; comparisons and logic have no gradient. */
export const binaryGrad: GradRule<'binary'> = (ctx, dy, p) => {
  const [a, b] = ctx.inputs;
  const op = ctx.attrs.op;
  if (a === undefined || b === undefined || !(op in derivatives)) return [null, null];
  const [da, db] = derivatives[op as ArithmeticOp](a, b, ctx.output, dy, p, ctx.needsGrad);
  return [
    da !== null && ctx.needsGrad[0] ? p.sumTo(da, p.shape(a)) : null,
    db !== null && ctx.needsGrad[1] ? p.sumTo(db, p.shape(b)) : null,
  ];
};
