/** What an exported model says about itself, the same in both formats: what to feed it, what comes out, where it came from. */
import { runClassNames } from '../../../shared/classNames'
import type { RunRecord } from '../../../shared/results'

export const INPUT_NAME = 'pixels'
export const OUTPUT_NAME = 'probabilities'

/** String keys and values, as ONNX metadata_props and TF.js userDefinedMetadata both hold them. */
export function modelMetadata(record: RunRecord, input: string): Record<string, string> {
  const classNames = runClassNames(record)
  return {
    producer: 'Regularization Studio',
    run_id: record.id,
    variant: record.name,
    input,
    output: `${OUTPUT_NAME}: [N, ${classNames.length}] float32 class probabilities (softmax), index = label`,
    class_names: JSON.stringify(classNames),
    dataset_fingerprint: record.dataset.fingerprint,
    dataset_source: record.dataset.source,
    spec: JSON.stringify(record.spec)
  }
}

/** How a 28x28 image becomes the input row; the ONNX model always takes 0..1 (see toOnnx). */
export function inputDescription(range: '0..1' | '0..255'): string {
  const scale = range === '0..1' ? 'pixel / 255, so 0..1' : 'raw pixel values 0..255'
  return `${INPUT_NAME}: [N, 784] float32, a 28x28 grayscale image row by row (white object on black, as Fashion-MNIST), ${scale}`
}
