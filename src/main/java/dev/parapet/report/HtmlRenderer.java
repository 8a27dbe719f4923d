package dev.parapet.report;

import dev.parapet.check.CheckError;
import dev.parapet.check.CheckMeta;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.graph.Paths;
import dev.parapet.graph.Remediation;
import dev.parapet.graph.Technique;
import dev.parapet.graph.Techniques;
import dev.parapet.graph.Vertex;
import dev.parapet.graph.VertexType;
import dev.parapet.model.Location;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scan as one self-contained HTML page: summary, attack paths, the attack graph drawn as inline
 * SVG, the ranked fixes, the threat model (when one is given) and every finding with filters.
 *
 * <p>Nothing is loaded from anywhere: the CSS and the script are inline, there are no fonts, images
 * or links to fetch, and a Content-Security-Policy forbids any request and any script but the
 * report's own (allowed by its SHA-256), so the file opens offline and a value from the input can
 * never run as code even if it escaped escaping. Every string from the input goes through {@link
 * #escape}; the script reads data only from {@code data-*} attributes.
 *
 * <p>The output is deterministic: no timestamp, everything in the order of the result and graph.
 */
public final class HtmlRenderer implements Renderer {
  /** Vertices drawn at most; a larger graph shows its paths and their neighbours. */
  public static final int MAX_DRAWN_VERTICES = 200;

  private static final String CSS = resource("report.css");
  private static final String SCRIPT = resource("report.js");
  private static final String CSP =
      "default-src 'none'; style-src 'sha256-"
          + sha256(CSS)
          + "'; script-src 'sha256-"
          + sha256(SCRIPT)
          + "'; img-src data:; base-uri 'none'; form-action 'none'";

  /** A part of the page written by another renderer (the threat model), already escaped. */
  @FunctionalInterface
  public interface Section {
    void render(Appendable out) throws IOException;
  }

  /**
   * What the attack-graph sections show: the graph, its shortest paths from every entry point to
   * every crown jewel and node, and the minimum cut over them.
   */
  public record Attack(AttackGraph graph, List<AttackPath> paths, Remediation.Cut cut) {
    public Attack {
      paths = List.copyOf(paths);
    }

    /** The paths and cut that {@code parapet paths} lists without options. */
    public static Attack of(AttackGraph graph) {
      List<String> sources = Paths.ENTRIES.values().stream().sorted().toList();
      return new Attack(
          graph,
          Paths.shortest(graph, sources, Paths::isTarget),
          Remediation.minimumCut(graph, sources, Paths::isTarget));
    }
  }

  private final Optional<Attack> attack;
  private final Optional<Section> threat;
  private final Techniques techniques = Techniques.shipped();

  /** A report with the attack graph and paths, and a threat model when one is given. */
  public HtmlRenderer(Optional<Attack> attack, Optional<Section> threat) {
    this.attack = attack;
    this.threat = threat;
  }

  /** A report of the findings only (the attack sections say that no graph was built). */
  public HtmlRenderer() {
    this(Optional.empty(), Optional.empty());
  }

  @Override
  public void render(ScanResult result, Appendable out) throws IOException {
    Map<String, CheckMeta> checks =
        Reports.rules(result).stream()
            .collect(Collectors.toMap(CheckMeta::id, Function.identity(), (a, b) -> a));
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(CSP)
        .append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"parapet ")
        .append(escape(result.toolVersion()))
        .append("\">\n<title>parapet report: ")
        .append(escape(String.join(" ", result.inputs())))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<header><h1>parapet scan report</h1><p>")
        .append(escape(String.join(" ", result.inputs())))
        .append(" · parapet ")
        .append(escape(result.toolVersion()))
        .append("</p></header>\n<nav>")
        .append("<a href=\"#summary\">Summary</a><a href=\"#attack-paths\">Attack paths</a>")
        .append("<a href=\"#graph\">Attack graph</a><a href=\"#fixes\">Fixes</a>");
    if (threat.isPresent()) {
      out.append("<a href=\"#threat-model\">Threat model</a>");
    }
    out.append("<a href=\"#findings\">Findings</a></nav>\n<main>\n");
    summary(result, out);
    attackPaths(out);
    graph(out);
    fixes(checks, out);
    threatModel(threat, out);
    findings(result, out);
    problems(result, out);
    out.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
  }

  private void summary(ScanResult result, Appendable out) throws IOException {
    List<Finding> active = result.active();
    out.append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">");
    for (Severity s : Reports.DESCENDING) {
      long n = active.stream().filter(f -> f.severity() == s).count();
      out.append("<div class=\"card sev-")
          .append(s.label())
          .append("\" data-severity=\"")
          .append(s.label())
          .append("\"><b>")
          .append(Long.toString(n))
          .append("</b>")
          .append(s.label())
          .append("</div>");
    }
    card(out, result.files(), "files");
    card(out, result.objects(), "objects");
    card(out, result.checks().size(), "checks run");
    if (attack.isPresent()) {
      card(out, attack.get().paths().size(), "attack paths");
    }
    out.append("</div>\n<p>").append(escape(Reports.count(active.size(), "finding", "findings")));
    long suppressed = result.findings().size() - active.size();
    if (suppressed > 0) {
      out.append(" (").append(Long.toString(suppressed)).append(" more suppressed)");
    }
    if (!result.problems().isEmpty()) {
      out.append(", ")
          .append(Reports.count(result.problems().size(), "input problem", "input problems"));
    }
    if (!result.errors().isEmpty()) {
      out.append(", ").append(Reports.count(result.errors().size(), "check error", "check errors"));
    }
    out.append(".</p>\n</section>\n");
  }

  private static void card(Appendable out, long n, String what) throws IOException {
    out.append("<div class=\"card\"><b>")
        .append(Long.toString(n))
        .append("</b>")
        .append(what)
        .append("</div>");
  }

  private void attackPaths(Appendable out) throws IOException {
    out.append("<section id=\"attack-paths\">\n<h2>Attack paths</h2>\n");
    if (attack.isEmpty()) {
      out.append("<p class=\"muted\">The attack graph was not built for this report.</p>\n");
      out.append("</section>\n");
      return;
    }
    AttackGraph g = attack.get().graph();
    List<AttackPath> paths = attack.get().paths();
    if (paths.isEmpty()) {
      out.append(
          "<p>No attack path from the entry points (the internet, any pod, any authenticated"
              + " user, anonymous requests) to a crown jewel or a node.</p>\n</section>\n");
      return;
    }
    out.append("<p>The shortest path from each entry point to each crown jewel and node it")
        .append(" reaches, shortest first. Open one to see it in the graph.</p>\n");
    for (int i = 0; i < paths.size(); i++) {
      AttackPath p = paths.get(i);
      out.append("<details class=\"path\" data-path-index=\"")
          .append(Integer.toString(i))
          .append("\"><summary><b>")
          .append(escape(name(g, p.from())))
          .append("</b> → <b>")
          .append(escape(name(g, p.to())))
          .append("</b> <span class=\"muted\">(")
          .append(Reports.count(p.hops().size(), "technique", "techniques"))
          .append(": ")
          .append(escape(p.hops().stream().map(Edge::technique).collect(Collectors.joining(", "))))
          .append(")</span></summary>\n<ol class=\"hops\">\n");
      for (Edge e : p.hops()) {
        out.append("<li>").append(escape(name(g, e.from()))).append(" → ");
        out.append(escape(name(g, e.to()))).append(": ");
        hop(e, out);
        out.append("</li>\n");
      }
      out.append("</ol></details>\n");
    }
    out.append("</section>\n");
  }

  /** A technique with its MITRE mapping, explanation, evidence and fixes. */
  private void hop(Edge e, Appendable out) throws IOException {
    out.append("<span class=\"technique\">").append(escape(e.technique())).append("</span>");
    Optional<Technique> t = techniques.get(e.technique());
    if (t.isPresent()) {
      out.append(" (")
          .append(escape(t.get().title()))
          .append("; MITRE ATT&amp;CK ")
          .append(escape(t.get().mitreId()))
          .append(' ')
          .append(escape(t.get().mitreName()))
          .append(')');
    }
    out.append("<br>").append(escape(e.explanation()));
    if (!e.evidence().isEmpty()) {
      out.append("<br><span class=\"muted\">evidence:</span> ");
      int shown = Math.min(3, e.evidence().size());
      for (int i = 0; i < shown; i++) {
        Location l = e.evidence().get(i);
        out.append(i > 0 ? ", " : "")
            .append("<code>")
            .append(escape(l.display()))
            .append("</code> <code class=\"muted\">")
            .append(escape(l.pointer()))
            .append("</code>");
      }
      if (e.evidence().size() > shown) {
        out.append(" and ").append(Integer.toString(e.evidence().size() - shown)).append(" more");
      }
    }
    if (!e.fixedBy().isEmpty()) {
      out.append("<br><span class=\"muted\">fixed by:</span> ")
          .append(escape(String.join(", ", e.fixedBy())));
    }
  }

  private void graph(Appendable out) throws IOException {
    out.append("<section id=\"graph\">\n<h2>Attack graph</h2>\n");
    if (attack.isEmpty()) {
      out.append("<p class=\"muted\">The attack graph was not built for this report.</p>\n");
      out.append("</section>\n");
      return;
    }
    GraphLayout layout =
        GraphLayout.of(attack.get().graph(), attack.get().paths(), MAX_DRAWN_VERTICES);
    out.append("<p>")
        .append(Reports.count(layout.nodes.size(), "vertex", "vertices"))
        .append(" and ")
        .append(Reports.count(layout.links.size(), "edge", "edges"))
        .append(" drawn");
    if (layout.nodes.size() < layout.totalVertices || layout.links.size() < layout.totalEdges) {
      out.append(" of ")
          .append(Integer.toString(layout.totalVertices))
          .append(" and ")
          .append(Integer.toString(layout.totalEdges))
          .append(" (vertices without edges are left out");
      if (layout.totalVertices > MAX_DRAWN_VERTICES) {
        out.append("; a graph this large shows the paths and their neighbours");
      }
      out.append(')');
    }
    out.append(". Entry points on the left, crown jewels on the right, the others in columns by")
        .append(" their distance from an entry point; edges on a shortest path are red. Hover")
        .append(" over a box or an edge for details.</p>\n<div class=\"legend\">");
    for (VertexType t : VertexType.values()) {
      out.append("<span class=\"legend-")
          .append(t.label())
          .append("\">")
          .append(t.label())
          .append("</span>");
    }
    out.append("</div>\n<div class=\"graph-tools\">")
        .append("<button type=\"button\" id=\"graph-zoom-out\" title=\"zoom out\">−</button>")
        .append("<button type=\"button\" id=\"graph-zoom-in\" title=\"zoom in\">+</button>")
        .append("<button type=\"button\" id=\"graph-fit\">fit</button>")
        .append("<button type=\"button\" id=\"graph-actual\">100%</button>")
        .append("<span id=\"graph-scale\" class=\"muted\">100%</span></div>\n")
        .append("<div class=\"graph-box\">\n");
    svg(layout, out);
    out.append("</div>\n</section>\n");
  }

  private static void svg(GraphLayout layout, Appendable out) throws IOException {
    String w = number(layout.width);
    String h = number(layout.height);
    out.append("<svg id=\"attack-graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" role=\"img\" aria-label=\"attack graph\">\n")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
        .append(" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7a8394\"/></marker></defs>\n")
        .append("<g class=\"edges\">\n");
    // edges first, so that the boxes are drawn over them
    for (GraphLayout.Link l : layout.links) {
      double x1 = l.from().x() + GraphLayout.NODE_WIDTH;
      double y1 = l.from().centerY();
      double x2 = l.to().x();
      double y2 = l.to().centerY();
      double bend = Math.max(40, Math.abs(x2 - x1) / 2);
      boolean onPath = !l.paths().isEmpty();
      out.append("<path class=\"edge")
          .append(onPath ? " on-path" : "")
          .append("\" data-from=\"")
          .append(escape(l.edge().from()))
          .append("\" data-to=\"")
          .append(escape(l.edge().to()))
          .append("\" data-technique=\"")
          .append(escape(l.edge().technique()))
          .append("\" data-paths=\"")
          .append(l.paths().stream().map(String::valueOf).collect(Collectors.joining(" ")))
          .append("\" marker-end=\"url(#arrow)\" d=\"M")
          .append(number(x1))
          .append(',')
          .append(number(y1))
          .append(" C")
          .append(number(x1 + bend))
          .append(',')
          .append(number(y1))
          .append(' ')
          .append(number(x2 - bend))
          .append(',')
          .append(number(y2))
          .append(' ')
          .append(number(x2))
          .append(',')
          .append(number(y2))
          .append("\"><title>")
          .append(escape(l.edge().technique() + ": " + l.edge().explanation()))
          .append("</title></path>\n");
      if (onPath && l.to().column() > l.from().column()) {
        out.append("<text class=\"edge-label\" x=\"")
            .append(number((x1 + x2) / 2))
            .append("\" y=\"")
            .append(number((y1 + y2) / 2 - 3))
            .append("\" text-anchor=\"middle\">")
            .append(escape(l.edge().technique()))
            .append("</text>\n");
      }
    }
    out.append("</g>\n<g class=\"vertices\">\n");
    java.util.Set<String> onPaths = new java.util.HashSet<>();
    for (GraphLayout.Link l : layout.links) {
      if (!l.paths().isEmpty()) {
        onPaths.add(l.edge().from());
        onPaths.add(l.edge().to());
      }
    }
    for (GraphLayout.Node n : layout.nodes) {
      Vertex v = n.vertex();
      boolean onPath = onPaths.contains(v.id());
      out.append("<g class=\"vertex")
          .append(onPath ? " on-path" : "")
          .append("\" data-id=\"")
          .append(escape(v.id()))
          .append("\" data-type=\"")
          .append(v.type().label())
          .append("\"><title>")
          .append(escape(v.id()));
      if (v.at().isPresent()) {
        out.append("\n").append(escape(v.at().get().display()));
      }
      out.append("</title><rect class=\"t-")
          .append(v.type().label())
          .append("\" x=\"")
          .append(number(n.x()))
          .append("\" y=\"")
          .append(number(n.y()))
          .append("\" width=\"")
          .append(number(GraphLayout.NODE_WIDTH))
          .append("\" height=\"")
          .append(number(n.height()))
          .append("\" rx=\"5\"/>");
      for (int i = 0; i < n.label().size(); i++) {
        boolean last = i == n.label().size() - 1;
        out.append("<text x=\"")
            .append(number(n.x() + 7))
            .append("\" y=\"")
            .append(number(n.y() + 16 + i * GraphLayout.LINE_HEIGHT))
            .append(last ? "\" class=\"muted\" fill=\"#5b6475\">" : "\">")
            .append(escape(n.label().get(i)))
            .append("</text>");
      }
      out.append("</g>\n");
    }
    out.append("</g>\n</svg>\n");
  }

  private void fixes(Map<String, CheckMeta> checks, Appendable out) throws IOException {
    out.append("<section id=\"fixes\">\n<h2>Fixes that cut the attack paths</h2>\n");
    if (attack.isEmpty() || attack.get().paths().isEmpty()) {
      out.append(
          attack.isEmpty()
              ? "<p class=\"muted\">The attack graph was not built for this report.</p>\n"
              : "<p>No attack path to cut.</p>\n");
      out.append("</section>\n");
      return;
    }
    List<Remediation.Step> ranking = Remediation.ranking(attack.get().paths());
    out.append("<h3>Ranking</h3>\n<p>Fixes in the order that removes the most remaining")
        .append(" paths first: the first few lines remove most of the risk.</p>\n")
        .append("<table id=\"ranking-table\"><thead><tr><th>#</th><th>fix</th><th>check</th>")
        .append("<th>paths removed</th><th>paths left</th></tr></thead><tbody>\n");
    for (int i = 0; i < ranking.size(); i++) {
      Remediation.Step s = ranking.get(i);
      out.append("<tr><td>")
          .append(Integer.toString(i + 1))
          .append("</td><td><b>")
          .append(escape(s.fix()))
          .append("</b></td><td>");
      checkText(checks, s.fix(), out);
      out.append("</td><td>")
          .append(Integer.toString(s.removes()))
          .append("</td><td>")
          .append(Integer.toString(s.left()))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    int uncut =
        ranking.isEmpty() ? attack.get().paths().size() : ranking.get(ranking.size() - 1).left();
    if (uncut > 0) {
      out.append("<p>")
          .append(Reports.count(uncut, "path has", "paths have"))
          .append(" no step that a finding's fix removes.</p>\n");
    }
    Remediation.Cut cut = attack.get().cut();
    out.append("<h3>Minimum cut</h3>\n");
    if (!cut.complete()) {
      out.append(
          "<p>Some path has no step that a fix removes, so no set of fixes cuts every path.</p>\n");
    } else {
      out.append("<p>")
          .append(Reports.count(cut.edges().size(), "step", "steps"))
          .append(" whose removal leaves no path from the entry points to the crown jewels")
          .append(" and nodes, removed by these fixes:</p>\n<ul>\n");
      for (String fix : cut.fixes()) {
        out.append("<li><b>").append(escape(fix)).append("</b> ");
        checkText(checks, fix, out);
        out.append("</li>\n");
      }
      out.append("</ul>\n<details><summary>the steps cut</summary><ul>\n");
      AttackGraph g = attack.get().graph();
      for (Edge e : cut.edges()) {
        out.append("<li>")
            .append(escape(name(g, e.from())))
            .append(" → ")
            .append(escape(name(g, e.to())))
            .append(": <span class=\"technique\">")
            .append(escape(e.technique()))
            .append("</span> (fixed by ")
            .append(escape(String.join(", ", e.fixedBy())))
            .append(")</li>\n");
      }
      out.append("</ul></details>\n");
    }
    out.append("</section>\n");
  }

  private static void checkText(Map<String, CheckMeta> checks, String id, Appendable out)
      throws IOException {
    CheckMeta m = checks.get(id);
    if (m != null) {
      out.append(escape(m.title()))
          .append(". <span class=\"muted\">")
          .append(escape(m.remediation()))
          .append("</span>");
    }
  }

  /**
   * The threat-model section: what {@code section} writes, under its heading; nothing at all when
   * there is no threat model. {@code section} must escape what it takes from the input ({@link
   * #escape}).
   */
  public static void threatModel(Optional<Section> section, Appendable out) throws IOException {
    if (section.isEmpty()) {
      return;
    }
    out.append("<section id=\"threat-model\">\n<h2>Threat model</h2>\n");
    section.get().render(out);
    out.append("</section>\n");
  }

  private static void findings(ScanResult result, Appendable out) throws IOException {
    List<Finding> findings = result.findings();
    out.append("<section id=\"findings\">\n<h2>Findings</h2>\n<div class=\"filters\">")
        .append("<label>severity <select id=\"filter-severity\"><option value=\"\">any</option>");
    for (Severity s : Reports.DESCENDING) {
      out.append("<option value=\"")
          .append(s.label())
          .append("\">")
          .append(s.label())
          .append("</option>");
    }
    out.append("</select></label>");
    TreeSet<String> namespaces = new TreeSet<>();
    findings.forEach(f -> namespaces.add(f.object().namespace()));
    out.append("<label>namespace <select id=\"filter-namespace\"><option value=\"\">any</option>");
    for (String ns : namespaces) {
      out.append("<option value=\"")
          .append(escape(ns))
          .append("\">")
          .append(ns.isEmpty() ? "(cluster-wide)" : escape(ns))
          .append("</option>");
    }
    out.append("</select></label>");
    TreeSet<String> ids = new TreeSet<>(CheckMeta.ID_ORDER);
    findings.forEach(f -> ids.add(f.check().id()));
    out.append("<label>check <select id=\"filter-check\"><option value=\"\">any</option>");
    for (String id : ids) {
      out.append("<option value=\"")
          .append(escape(id))
          .append("\">")
          .append(escape(id))
          .append("</option>");
    }
    out.append("</select></label><label><input type=\"checkbox\" id=\"filter-suppressed\">")
        .append(" show suppressed</label><span class=\"muted\"><span id=\"findings-shown\">")
        .append(Long.toString(result.active().size()))
        .append("</span> of ")
        .append(Integer.toString(findings.size()))
        .append(" shown</span></div>\n")
        .append("<table id=\"findings-table\"><thead><tr><th>severity</th><th>check</th>")
        .append("<th>object</th><th>location</th><th>message</th></tr></thead><tbody>\n");
    List<Finding> ordered =
        findings.stream()
            .sorted(
                Comparator.comparing((Finding f) -> f.severity())
                    .reversed()
                    .thenComparing(Finding.ORDER))
            .toList();
    for (Finding f : ordered) {
      String sev = f.severity().label();
      out.append("<tr data-severity=\"")
          .append(sev)
          .append("\" data-namespace=\"")
          .append(escape(f.object().namespace()))
          .append("\" data-check=\"")
          .append(escape(f.check().id()))
          .append("\" data-suppressed=\"")
          .append(Boolean.toString(f.suppressed()))
          .append('"')
          .append(f.suppressed() ? " class=\"suppressed\" hidden" : "")
          .append("><td><span class=\"sev ")
          .append(sev)
          .append("\">")
          .append(sev)
          .append("</span></td><td><b>")
          .append(escape(f.check().id()))
          .append("</b> ")
          .append(escape(f.check().title()))
          .append("</td><td>")
          .append(escape(f.object().toString()))
          .append("</td><td class=\"loc\">")
          .append(escape(f.location().display()))
          .append("<br><span class=\"muted\">")
          .append(escape(f.location().pointer()))
          .append("</span></td><td>")
          .append(escape(Reports.messageWithMissing(f)));
      if (f.suppressed()) {
        out.append("<br><span class=\"muted\">suppressed (")
            .append(escape(f.suppression().kind()))
            .append("): ")
            .append(escape(f.suppression().justification()))
            .append("</span>");
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table>\n</section>\n");
  }

  private static void problems(ScanResult result, Appendable out) throws IOException {
    if (result.problems().isEmpty() && result.errors().isEmpty()) {
      return;
    }
    out.append("<section id=\"problems\">\n<h2>Input problems and check errors</h2>\n<ul>\n");
    for (Problem p : result.problems()) {
      out.append("<li><code>").append(escape(p.toString())).append("</code></li>\n");
    }
    for (CheckError e : result.errors()) {
      out.append("<li><code>").append(escape(e.toString())).append("</code></li>\n");
    }
    out.append("</ul>\n</section>\n");
  }

  private static String name(AttackGraph g, String id) {
    return g.vertex(id).map(v -> v.name().isEmpty() ? v.id() : v.name()).orElse(id);
  }

  /**
   * Text safe in HTML element content and in double- or single-quoted attribute values: {@code &},
   * {@code <}, {@code >}, {@code "} and {@code '} become character references (OWASP's rule for
   * both contexts). Control characters other than tab and newline are dropped, since HTML cannot
   * carry them.
   */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> c < 0x20 && c != '\t' && c != '\n' ? "" : null;
          };
      if (r != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (r != null) {
          sb.append(r);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String resource(String name) {
    try (InputStream in = HtmlRenderer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
