package bsc.ir;

/** The static type of a value: element type and shape. */
public record TensorType(DataType dtype, Shape shape) {
  public TensorType {
    if (dtype == null || shape == null) {
      throw new IllegalArgumentException("dtype and shape are required");
    }
  }

  public static TensorType of(DataType dtype, long... dims) {
    return new TensorType(dtype, Shape.of(dims));
  }

  public int rank() {
    return shape.rank();
  }

  @Override
  public String toString() {
    return shape + " " + dtype.shortName();
  }
}
