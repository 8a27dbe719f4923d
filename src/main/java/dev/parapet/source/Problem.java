package dev.parapet.source;

/**
 * Something wrong with the input, reported with its position while the rest of the work goes on.
 *
 * @param level whether the input was rejected ({@link Level#ERROR}) or only questionable
 * @param file the file as the user named it
 * @param line 1-based line, 0 when the problem concerns the whole file
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong, context first and cause last
 */
public record Problem(Level level, String file, int line, int column, String message) {
  /** How bad a problem is: errors make the run exit 2, warnings do not. */
  public enum Level {
    WARNING,
    ERROR
  }

  public static Problem error(String file, int line, int column, String message) {
    return new Problem(Level.ERROR, file, line, column, message);
  }

  public static Problem warning(String file, int line, int column, String message) {
    return new Problem(Level.WARNING, file, line, column, message);
  }

  /** {@code file:line:col: message}, the form editors and CI logs recognise. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ")
        .append(level == Level.WARNING ? "warning: " : "")
        .append(message)
        .toString();
  }
}
