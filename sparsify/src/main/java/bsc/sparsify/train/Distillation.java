package bsc.sparsify.train;

import bsc.ir.BscException;
import java.util.Locale;

/**
 * Knowledge distillation from the model before pruning (the teacher) into the pruned model (the student)
 * while it is fine-tuned: loss = (1 - alpha) CE(labels, z) + alpha T^2 KL(softmax(t / T) || softmax(z / T)),
 * z the student's and t the teacher's logits (Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a
 * Neural Network", arXiv:1503.02531, section 2: soft targets at a raised temperature T, their term scaled by
 * T^2 so its gradients keep their size as T changes). This is a step beyond the paper, whose fine-tuning uses
 * the labels only (paper-facts.md section 2.2).
 */
public record Distillation(double alpha, double temperature) {
  /**
   * alpha 0.9, T 4: the KD baseline of the CRD benchmark (Tian, Krishnan and Isola 2020, "Contrastive
   * Representation Distillation", ICLR; RepDistiller's train_student.py -r 0.1 -a 0.9, kd_T 4), in line with
   * Hinton et al.'s finding that a considerably lower weight on the hard labels works best. Not tuned on our data.
   */
  public static final Distillation DEFAULT = new Distillation(0.9, 4.0);

  /** The highest temperature accepted: beyond it the soft targets are uniform to float precision. */
  static final double MAX_TEMPERATURE = 100;

  public Distillation {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new BscException("--distill-alpha", "must be in [0, 1], got " + alpha);
    }
    if (!(temperature > 0 && temperature <= MAX_TEMPERATURE)) {
      throw new BscException("--distill-temperature", "must be in (0, " + (int) MAX_TEMPERATURE + "], got "
          + temperature);
    }
  }

  /** One line for reports and checkpoint fingerprints. */
  public String describe() {
    return String.format(Locale.ROOT, "distillation alpha=%s T=%s", alpha, temperature);
  }
}
