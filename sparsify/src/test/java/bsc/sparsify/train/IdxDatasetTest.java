package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
  @TempDir Path dir;

  private Path write(String name, int magic, int[] header, byte[] body) throws Exception {
    Path p = dir.resolve(name);
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(p))) {
      out.writeInt(magic);
      for (int h : header) {
        out.writeInt(h);
      }
      out.write(body);
    }
    return p;
  }

  @Test
  void readsHandMadeImagesAndLabels() throws Exception {
    Path img = write("i", 0x803, new int[] {2, 1, 2}, new byte[] {0, (byte) 255, 51, 102});
    Path lab = write("l", 0x801, new int[] {2}, new byte[] {7, 3});
    IdxDataset d = IdxDataset.read(img, lab, 0);
    assertEquals(2, d.count());
    assertEquals(1f, d.images()[1]);
    assertEquals(0.4f, d.images()[3], 1e-6);
    assertEquals(3, d.labels()[1]);
  }

  @Test
  void rejectsBadMagicAndAbsurdHeaders() throws Exception {
    Path lab = write("l", 0x801, new int[] {1}, new byte[] {1});
    Path bad = write("b", 0x1234, new int[] {1, 1, 1}, new byte[] {0});
    assertThrows(BscException.class, () -> IdxDataset.read(bad, lab, 0));
    Path huge = write("h", 0x803, new int[] {Integer.MAX_VALUE, 100000, 100000}, new byte[0]);
    BscException e = assertThrows(BscException.class, () -> IdxDataset.read(huge, lab, 0));
    assertTrue(e.what().contains("implausible"), e.what());
  }

  @Test
  void findsTheDebianFashionMnist() {
    Assumptions.assumeTrue(Files.isDirectory(IdxDataset.FASHION_MNIST_DIRS.get(0)), "dataset-fashion-mnist not installed");
    IdxDataset test = IdxDataset.fashionMnist(false, 100);
    assertEquals(100, test.count());
    assertEquals(28, test.height());
    for (int l : test.labels()) {
      assertTrue(l >= 0 && l < 10);
    }
  }
}
