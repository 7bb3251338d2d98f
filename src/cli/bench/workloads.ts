/**
 * The workloads of `tasknet bench`: float32 matmul, and training and inference of the MLP and the small CNN on
 * random data of MNIST's shape. Each step forces its result with dataSync() and frees what it made.
 */
import { manualSeed } from '../../core/index.js';
import { dispose, noGrad, randint, randn, tidy, type Tensor } from '../../tensor/index.js';
import { matmul } from '../../ops/index.js';
import { crossEntropy, type Sequential } from '../../nn/index.js';
import { Adam } from '../../optim/index.js';
import { MLP, SmallCNN } from '../../models/index.js';

/** Throughput units. */
export type BenchUnit = 'GFLOP/s' | 'samples/s';

/** A workload, set up on the active backend by {@link BenchCase.prepare}. */
export interface PreparedCase {
  /** One call: one matmul, one training step, one forward pass. */
  step(): void;
  /** Force what the last steps left queued (read a parameter the optimiser updated). */
  sync(): void;
  /** Free the inputs, the model and the optimiser state. */
  dispose(): void;
}

/** One benchmark: a row of the table. */
export interface BenchCase {
  /** Short name: `matmul`, `MLP train`, `SmallCNN inference`. */
  readonly name: string;
  /** What size it runs at: `512×512`, `batch 128`. */
  readonly size: string;
  /** Throughput unit. */
  readonly unit: BenchUnit;
  /** Work in one step, in the unit's numerator: GFLOP for matmul, samples for models. */
  readonly work: number;
  /** Create the inputs (and model) on the active backend. */
  prepare(): PreparedCase;
}

/** The MNIST-shaped models: factory, input shape of one sample, batch size, description. */
interface ModelSpec {
  readonly name: string;
  readonly create: () => Sequential;
  readonly input: readonly number[];
  readonly batch: number;
  readonly layout: string;
}

const MODELS: readonly ModelSpec[] = [
  { name: 'MLP', create: () => new MLP([784, 256, 128, 10]), input: [784], batch: 128, layout: '784-256-128-10' },
  { name: 'SmallCNN', create: () => new SmallCNN(), input: [1, 28, 28], batch: 64, layout: '1×28×28' },
];

/** Matrix sizes: 256 and 512, and 1024 unless quick. */
export function matmulSizes(quick: boolean): number[] {
  return quick ? [256, 512] : [256, 512, 1024];
}

/** Every benchmark of a run, in table order: matmul sizes, training, then inference. */
export function benchCases(quick: boolean): BenchCase[] {
  return [
    ...matmulSizes(quick).map(matmulCase),
    ...MODELS.map(trainCase),
    ...MODELS.map(inferenceCase),
  ];
}

/** n×n @ n×n float32, 2n³ floating-point operations. */
function matmulCase(n: number): BenchCase {
  return {
    name: 'matmul', size: `${n}×${n}`, unit: 'GFLOP/s', work: (2 * n ** 3) / 1e9,
    prepare() {
      manualSeed(n);
      const a = randn([n, n]);
      const b = randn([n, n]);
      return {
        step: () => noGrad(() => {
          const c = matmul(a, b);
          c.dataSync();
          c.dispose();
        }),
        sync: () => {},
        dispose: () => dispose([a, b]),
      };
    },
  };
}

/** Random inputs of the model's shape and random labels of 10 classes. */
function randomBatch(spec: ModelSpec): [Tensor, Tensor] {
  return [randn([spec.batch, ...spec.input]), randint(0, 10, [spec.batch])];
}

/** Forward, cross-entropy, backward and an Adam step per batch. */
function trainCase(spec: ModelSpec): BenchCase {
  return {
    name: `${spec.name} train`, size: `batch ${spec.batch}, ${spec.layout}`, unit: 'samples/s', work: spec.batch,
    prepare() {
      manualSeed(0);
      const model = spec.create();
      const [x, y] = randomBatch(spec);
      const params = model.parameters();
      const optimizer = new Adam(params, { lr: 1e-3 });
      const last = params[params.length - 1]!;
      return {
        step: () => tidy(() => {
          optimizer.zeroGrad();
          const loss = crossEntropy(model.forward(x), y);
          loss.backward();
          optimizer.step();
          loss.dataSync();
        }),
        sync: () => { last.dataSync(); },
        dispose: () => {
          optimizer.zeroGrad();
          optimizer.dispose();
          dispose([x, y, params]);
        },
      };
    },
  };
}

/** A forward pass without gradients, in evaluation mode. */
function inferenceCase(spec: ModelSpec): BenchCase {
  return {
    name: `${spec.name} inference`, size: `batch ${spec.batch}, ${spec.layout}`, unit: 'samples/s', work: spec.batch,
    prepare() {
      manualSeed(0);
      const model = spec.create().eval();
      const [x, y] = randomBatch(spec);
      return {
        step: () => tidy(() => noGrad(() => { model.forward(x).dataSync(); })),
        sync: () => {},
        dispose: () => dispose([x, y, model.parameters()]),
      };
    },
  };
}
