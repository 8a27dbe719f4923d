package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.rbac.Decision;
import dev.parapet.rbac.Escalations;
import dev.parapet.rbac.Grant;
import dev.parapet.rbac.Permissions;
import dev.parapet.rbac.Subject;
import java.io.IOException;
import java.util.List;

/** Renders RBAC answers: can-i decisions and who-can subject lists, as text or JSON. */
public final class RbacRenderer {
  public static final String SCHEMA_VERSION = "1";

  /** Follows a role that parapet assumed because the input does not define it. */
  static final String DEFAULT_MARK = " [parapet default]";

  private static final String DEFAULT_NOTE =
      "[parapet default]: the role is not in the input; parapet's own definition of the"
          + " Kubernetes default role of that name was used (--no-default-roles turns this off)\n";

  private RbacRenderer() {}

  public static void canIText(Decision d, Appendable out) throws IOException {
    out.append(d.allowed() ? "yes" : "no").append('\n');
    if (d.superuser()) {
      out.append("  as a member of system:masters, which the API server allows everything\n");
    }
    for (Grant g : d.grants()) {
      out.append("  granted by ").append(describe(g)).append('\n');
    }
    if (d.grants().stream().anyMatch(Grant::defaultRole)) {
      out.append("  ").append(DEFAULT_NOTE);
    }
  }

  public static void canIJson(String request, String identity, Decision d, Appendable out)
      throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("request", request);
    root.put("identity", identity);
    root.put("allowed", d.allowed());
    root.put("superuser", d.superuser());
    ArrayNode grants = root.putArray("grants");
    d.grants().forEach(g -> grant(grants.addObject(), g));
    Tool.writeJson(root, out);
  }

  public static void whoCanText(List<Grant> grants, Appendable out) throws IOException {
    if (grants.isEmpty()) {
      out.append("no subject\n");
      return;
    }
    String format = "%-15s %-45s %-60s %-50s %s%n";
    out.append(String.format(format, "KIND", "SUBJECT", "BINDING", "ROLE", "SCOPE"));
    for (Grant g : grants) {
      Subject s = g.subject();
      out.append(
          String.format(
              format,
              s.kind().written(),
              s.namespace().isEmpty() ? s.name() : s.namespace() + "/" + s.name(),
              g.binding().toString(),
              g.role() + (g.defaultRole() ? DEFAULT_MARK : ""),
              g.clusterWide() ? "cluster-wide" : "namespace " + g.scope()));
    }
    if (grants.stream().anyMatch(Grant::defaultRole)) {
      out.append('\n').append(DEFAULT_NOTE);
    }
  }

  public static void whoCanJson(String request, List<Grant> grants, Appendable out)
      throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("request", request);
    ArrayNode subjects = root.putArray("subjects");
    for (Grant g : grants) {
      ObjectNode o = subjects.addObject();
      o.put("kind", g.subject().kind().written());
      o.put("name", g.subject().name());
      if (!g.subject().namespace().isEmpty()) {
        o.put("namespace", g.subject().namespace());
      }
      grant(o, g);
    }
    Tool.writeJson(root, out);
  }

  /**
   * Permissions per scope: cluster-wide first (key ""), then each namespace; {@code defaultRoles}
   * are the roles behind the rows that parapet assumed ({@code ClusterRole edit}).
   */
  public static void showText(
      String identity,
      boolean superuser,
      java.util.Map<String, List<Permissions.Row>> scopes,
      List<String> defaultRoles,
      Appendable out)
      throws IOException {
    out.append(identity).append('\n');
    if (superuser) {
      out.append("  member of system:masters: allowed everything, whatever the bindings say\n");
    }
    String format = "  %-50s %-25s %-25s %s%n";
    for (var e : scopes.entrySet()) {
      out.append('\n')
          .append(e.getKey().isEmpty() ? "cluster-wide" : "namespace " + e.getKey())
          .append('\n');
      out.append(
          String.format(format, "RESOURCES", "NON-RESOURCE URLS", "RESOURCE NAMES", "VERBS"));
      for (Permissions.Row r : e.getValue()) {
        out.append(
            String.format(
                format,
                r.resource(),
                r.nonResourceUrl().isEmpty() ? "[]" : "[" + r.nonResourceUrl() + "]",
                "[" + String.join(" ", r.resourceNames()) + "]",
                "[" + String.join(" ", r.verbs()) + "]"));
      }
    }
    if (!defaultRoles.isEmpty()) {
      out.append('\n')
          .append("rows granted through ")
          .append(String.join(", ", defaultRoles))
          .append(DEFAULT_MARK)
          .append('\n')
          .append(DEFAULT_NOTE);
    }
  }

  public static void showJson(
      String identity,
      boolean superuser,
      java.util.Map<String, List<Permissions.Row>> scopes,
      List<String> defaultRoles,
      Appendable out)
      throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("identity", identity);
    root.put("superuser", superuser);
    ArrayNode list = root.putArray("scopes");
    for (var e : scopes.entrySet()) {
      ObjectNode scope = list.addObject();
      scope.put("scope", e.getKey().isEmpty() ? "cluster" : e.getKey());
      ArrayNode rows = scope.putArray("permissions");
      for (Permissions.Row r : e.getValue()) {
        ObjectNode o = rows.addObject();
        if (!r.resource().isEmpty()) {
          o.put("resource", r.resource());
        }
        if (!r.nonResourceUrl().isEmpty()) {
          o.put("nonResourceURL", r.nonResourceUrl());
        }
        ArrayNode names = o.putArray("resourceNames");
        r.resourceNames().forEach(names::add);
        ArrayNode verbs = o.putArray("verbs");
        r.verbs().forEach(verbs::add);
      }
    }
    ArrayNode assumed = root.putArray("parapetDefaultRoles");
    defaultRoles.forEach(assumed::add);
    Tool.writeJson(root, out);
  }

  /** Chains to cluster-admin, one block per subject. */
  public static void escalationsText(List<Escalations.Path> paths, Appendable out)
      throws IOException {
    if (paths.isEmpty()) {
      out.append("no subject can become cluster-admin\n");
      return;
    }
    long escalating = paths.stream().filter(p -> !p.direct()).count();
    out.append(
        paths.size()
            + (paths.size() == 1 ? " subject" : " subjects")
            + " can become cluster-admin ("
            + escalating
            + " by escalating, "
            + (paths.size() - escalating)
            + " holding it outright)\n");
    for (Escalations.Path p : paths) {
      out.append('\n')
          .append(p.subject().toString())
          .append(
              p.direct()
                  ? ": holds cluster-admin power\n"
                  : ": " + p.steps().size() + (p.steps().size() == 1 ? " step\n" : " steps\n"));
      int n = 1;
      for (Escalations.Step s : p.steps()) {
        out.append("  ")
            .append(String.valueOf(n++))
            .append(". ")
            .append(s.technique().name())
            .append(": ")
            .append(s.detail())
            .append(" -> ")
            .append(target(s.to()))
            .append('\n');
        for (Grant g : s.grants()) {
          out.append("       ").append(describe(g)).append('\n');
        }
      }
    }
    if (paths.stream()
        .flatMap(p -> p.steps().stream())
        .flatMap(s -> s.grants().stream())
        .anyMatch(Grant::defaultRole)) {
      out.append('\n').append(DEFAULT_NOTE);
    }
  }

  public static void escalationsJson(List<Escalations.Path> paths, Appendable out)
      throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode list = root.putArray("escalations");
    for (Escalations.Path p : paths) {
      ObjectNode o = list.addObject();
      subject(o.putObject("subject"), p.subject());
      o.put("direct", p.direct());
      o.put("infrastructure", p.infrastructure());
      ArrayNode steps = o.putArray("steps");
      for (Escalations.Step s : p.steps()) {
        ObjectNode step = steps.addObject();
        step.put("technique", s.technique().name());
        step.put("mitre", s.technique().mitre());
        step.put("detail", s.detail());
        subject(step.putObject("to"), s.to());
        step.put("clusterAdmin", s.to().equals(Escalations.CLUSTER_ADMIN));
        ArrayNode grants = step.putArray("grants");
        s.grants().forEach(g -> grant(grants.addObject(), g));
      }
    }
    Tool.writeJson(root, out);
  }

  private static String target(Subject s) {
    return s.equals(Escalations.CLUSTER_ADMIN) ? "cluster-admin" : s.toString();
  }

  private static void subject(ObjectNode o, Subject s) {
    o.put("kind", s.kind().written());
    o.put("name", s.name());
    if (!s.namespace().isEmpty()) {
      o.put("namespace", s.namespace());
    }
  }

  private static void grant(ObjectNode o, Grant g) {
    ObjectNode binding = o.putObject("binding");
    binding.put("kind", g.binding().object().kind());
    if (!g.binding().namespace().isEmpty()) {
      binding.put("namespace", g.binding().namespace());
    }
    binding.put("name", g.binding().name());
    binding.put("file", g.binding().location().file());
    binding.put("line", g.binding().location().line());
    ObjectNode role = o.putObject("role");
    role.put("kind", g.role().kind());
    if (!g.role().namespace().isEmpty()) {
      role.put("namespace", g.role().namespace());
    }
    role.put("name", g.role().name());
    role.put("parapetDefault", g.defaultRole());
    ObjectNode rule = o.putObject("rule");
    rule.put("file", g.rule().location().file());
    rule.put("line", g.rule().location().line());
    o.put("scope", g.clusterWide() ? "cluster" : g.scope());
  }

  private static String describe(Grant g) {
    return g.binding()
        + " -> "
        + g.role()
        + (g.defaultRole() ? DEFAULT_MARK : "")
        + (g.clusterWide() ? " (cluster-wide)" : " in namespace " + g.scope())
        + ", rule at "
        + g.rule().location().display();
  }
}
