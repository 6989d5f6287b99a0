package bsc.aie2.program;

/**
 * One dimension of an access pattern: {@code size} steps of {@code strideBytes}. On a source pattern,
 * {@code padBefore}/{@code padAfter} add zero elements around the dimension (memtile MM2S zero padding,
 * AM020): the stream then carries padBefore + size + padAfter positions of this dimension.
 */
public record Dim(int size, long strideBytes, int padBefore, int padAfter) {
  public static Dim of(int size, long strideBytes) {
    return new Dim(size, strideBytes, 0, 0);
  }

  public int streamSize() {
    return padBefore + size + padAfter;
  }
}
