// Held-out figures for the learned note models.

/** Figures are stored in the weights file: 4 decimals are plenty and keep it diff-friendly. */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export interface BinaryFigures {
  sentences: number;
  positives: number;
  auc: number;
  accuracy: number;
  precision: number;
  recall: number;
}

/** Area under the ROC curve (ties count half), accuracy, precision and recall at log-odds > 0. */
export function binaryFigures(scores: readonly number[], labels: readonly boolean[]): BinaryFigures {
  const order = scores.map((score, i) => ({ score, label: labels[i]! })).sort((a, b) => a.score - b.score);
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  // Mann–Whitney U over ranks, averaging the ranks of tied scores.
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]!.score === order[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]!.label) rankSum += averageRank;
    i = j;
  }
  const auc =
    positives && negatives ? (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives) : 0;
  let tp = 0;
  let fp = 0;
  let correct = 0;
  scores.forEach((score, i) => {
    const predicted = score > 0;
    if (predicted === labels[i]) correct++;
    if (predicted && labels[i]) tp++;
    if (predicted && !labels[i]) fp++;
  });
  return {
    sentences: labels.length,
    positives,
    auc: round4(auc),
    accuracy: round4(correct / Math.max(1, labels.length)),
    precision: round4(tp / Math.max(1, tp + fp)),
    recall: round4(tp / Math.max(1, positives)),
  };
}

export interface SectionFigures {
  sentences: number;
  accuracy: number;
  /** Accuracy of always answering the training set's most common section, for scale. */
  majorityAccuracy: number;
}

export function sectionFigures(
  predicted: readonly string[],
  actual: readonly string[],
  majority: string,
): SectionFigures {
  const n = Math.max(1, actual.length);
  return {
    sentences: actual.length,
    accuracy: round4(predicted.filter((p, i) => p === actual[i]).length / n),
    majorityAccuracy: round4(actual.filter((a) => a === majority).length / n),
  };
}
