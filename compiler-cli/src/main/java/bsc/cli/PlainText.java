package bsc.cli;

/**
 * Text from models (node names, file names, error messages quoting them) may hold line breaks or
 * terminal escape sequences; printed raw they would split an error line or drive the terminal.
 */
final class PlainText {
  private PlainText() {}

  /** {@code s} with every control character (C0, DEL, C1) shown as a Java-style escape such as {@code \\u001b}. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        if (b == null) {
          b = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }
}
