package dev.parapet.report;

/** Picks the renderer for a format. */
public final class Renderers {
  private Renderers() {}

  /**
   * The renderer of {@code format}. {@code color} applies to the table only; the machine formats
   * never carry escape codes. The HTML report made here has no attack graph: {@code scan} builds
   * one with {@link #html}.
   */
  public static Renderer of(Format format, boolean color) {
    return switch (format) {
      case TABLE -> new TableRenderer(color);
      case JSON -> new JsonRenderer();
      case SARIF -> new SarifRenderer();
      case JUNIT -> new JunitRenderer();
      case HTML -> new HtmlRenderer();
    };
  }

  /** The HTML report with the attack graph, its paths and fixes. */
  public static Renderer html(dev.parapet.graph.AttackGraph graph) {
    return new HtmlRenderer(
        java.util.Optional.of(HtmlRenderer.Attack.of(graph)), java.util.Optional.empty());
  }

  /** The HTML report with the attack graph, its paths and fixes, and the threat model. */
  public static Renderer html(
      dev.parapet.graph.AttackGraph graph, dev.parapet.threat.ThreatModel model) {
    return new HtmlRenderer(
        java.util.Optional.of(HtmlRenderer.Attack.of(graph)),
        java.util.Optional.of(out -> ThreatRenderer.html(model, out)));
  }
}
