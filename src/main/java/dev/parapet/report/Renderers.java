package dev.parapet.report;

/** Picks the renderer for a format. */
public final class Renderers {
  private Renderers() {}

  /**
   * The renderer of {@code format}. {@code color} applies to the table only; the machine formats
   * never carry escape codes.
   */
  public static Renderer of(Format format, boolean color) {
    return switch (format) {
      case TABLE -> new TableRenderer(color);
      case JSON -> new JsonRenderer();
      case SARIF -> new SarifRenderer();
      case JUNIT -> new JunitRenderer();
    };
  }
}
