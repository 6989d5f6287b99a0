package bsc.sparsify.train;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The training loss as SameDiff ops: softmax cross-entropy on the labels, plus the {@link Distillation} term
 * when there is a teacher. The teacher's logits are a placeholder: without data augmentation an image's
 * teacher logits never change, so the trainer computes them once for every training image.
 */
final class DistillationLoss {
  private DistillationLoss() {}

  /**
   * Defines the scalar {@code name}: mean over the batch of CE(labels, logits) without distillation, else
   * (1 - a) CE + a T^2 KL(softmax(teacher / T) || softmax(logits / T)); all inputs are (N, classes).
   */
  static SDVariable define(SameDiff sd, String name, SDVariable labels, SDVariable logits, SDVariable teacher,
      Distillation d) {
    if (d == null) {
      return sd.loss().softmaxCrossEntropy(name, labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
    }
    // Written with LogSoftMax, not ND4J's loss ops: in 1.0.0-M2.1 the backward pass of a loss op ignores the
    // gradient that reaches it, so (1 - a) * softmaxCrossEntropy(...) would get the gradient of the unscaled
    // loss (DistillationLossTest pins the gradient).
    double t = d.temperature();
    SDVariable ce = labels.mul(sd.nn().logSoftmax(logits)).sum(1).mean(0).neg("hard_label_loss");
    SDVariable teacherLog = sd.nn().logSoftmax(teacher.div(t));
    SDVariable studentLog = sd.nn().logSoftmax(logits.div(t));
    SDVariable kl = sd.math().exp(teacherLog).mul(teacherLog.sub(studentLog)).sum(1).mean("soft_target_loss", 0);
    return ce.mul(1 - d.alpha()).add(name, kl.mul(d.alpha() * t * t));
  }
}
