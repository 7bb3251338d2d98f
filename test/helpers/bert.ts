/** Shared by the BERT tests: seeded models randomised as tools/golden/bert.py does, outputs by name, comparisons. */
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

export type Tensor = ReturnType<typeof tn.tensor>;
/** Any of the three BERT models. */
export type BertLike = tn.models.BertModel | tn.models.BertForMaskedLM | tn.models.BertForSequenceClassification;

/** Largest |a − b| (same shapes required). */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(Number(x[i]) - Number(y[i])));
  return m;
}

/** tools/golden/bert.py's fixed cotangent: ((i·7919) mod 23 − 11) / 11 for the i-th element. */
export function cotangent(shape: readonly number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tn.tensor(Array.from({ length: n }, (_, i) => (((i * 7919) % 23) - 11) / 11)).reshape([...shape]);
}

/**
 * A BERT model from `config`, seeded, with every bias ~ N(0, 0.1) and LayerNorm weights ~ U(0.5, 1.5) (as the
 * Python side randomises its models), in eval mode.
 */
export function randomisedBert(config: tn.models.ModelConfig, seed: number): BertLike {
  tn.manualSeed(seed);
  const model = tn.models.createModel(config) as BertLike;
  for (const m of model.modules()) {
    if (m instanceof tn.nn.LayerNorm) {
      tn.nn.init.uniform_(m.weight!, 0.5, 1.5);
      tn.nn.init.normal_(m.bias!, 0, 0.1);
    } else if (m instanceof tn.nn.Linear && m.bias !== null) {
      tn.nn.init.normal_(m.bias, 0, 0.1);
    }
  }
  return model.eval();
}

/** Eval-mode outputs under Hugging Face's names: last_hidden_state and pooler_output, or logits. */
export function bertOutputs(model: BertLike, ids: Tensor, options: tn.models.BertForwardOptions): Record<string, Tensor> {
  return tn.noGrad((): Record<string, Tensor> => {
    model.eval();
    if (model instanceof tn.models.BertModel) {
      const { lastHiddenState, poolerOutput } = model.forward(ids, options);
      return poolerOutput === null ? { last_hidden_state: lastHiddenState } : { last_hidden_state: lastHiddenState, pooler_output: poolerOutput };
    }
    return { logits: model.forward(ids, options) };
  });
}
