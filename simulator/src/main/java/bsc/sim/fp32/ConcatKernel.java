package bsc.sim.fp32;

import bsc.ir.Node;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Concat along {@code axis}; empty inputs contribute nothing. */
final class ConcatKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray first = ctx.in(0);
    int axis = Shapes.axis(node.attrs().getInt("axis", 0), first.rank());
    List<INDArray> parts = new ArrayList<>();
    long[] shape = first.shape().clone();
    shape[axis] = 0;
    for (int i = 0; i < ctx.inputCount(); i++) {
      INDArray a = ctx.in(i);
      shape[axis] += a.size(axis);
      if (!a.isEmpty()) {
        parts.add(a);
      }
    }
    if (parts.isEmpty()) {
      ctx.out(Nd4j.create(first.dataType(), shape));
    } else if (axis == 1 && first.rank() == 4 && parts.stream().allMatch(ChannelsLast::isBacked)) {
      INDArray[] nhwc = parts.stream().map(ChannelsLast::nhwc).toArray(INDArray[]::new);
      INDArray out = ctx.allocate(first.dataType(), shape[0], shape[2], shape[3], shape[1]);
      org.nd4j.linalg.api.ops.impl.shape.Concat op = new org.nd4j.linalg.api.ops.impl.shape.Concat(3, nhwc);
      op.addOutputArgument(out);
      Nd4j.exec(op);
      ctx.out(ChannelsLast.view(out));
    } else if (parts.size() == 1) {
      ctx.out(parts.get(0).dup('c'));
    } else {
      ctx.out(Nd4j.concat(axis, parts.toArray(new INDArray[0])));
    }
  }
}
