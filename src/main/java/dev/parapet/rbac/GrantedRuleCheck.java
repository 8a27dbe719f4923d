package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Sink;
import dev.parapet.model.Location;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape most RBAC checks share: a rule is risky when a binding grants it, so the finding points
 * at the rule as written (for an aggregated ClusterRole, in the role it was aggregated from) and
 * lists every binding, whose name does not start with {@code system:}, that grants it. Rules that
 * allow every verb on every resource are left to RBAC-001 and RBAC-002.
 *
 * <p>{@link #opens} is also what other analyses ask when they want to know whether a grant held by
 * some identity is one of the risky ones (a workload's service account, for instance).
 */
abstract class GrantedRuleCheck implements InventoryCheck {
  /**
   * What the rule opens when {@code binding} grants it, each part as it reads in a message ({@code
   * get, create on pods/exec}); empty when it opens nothing this check reports.
   */
  abstract List<String> opens(Binding binding, PolicyRule rule);

  /** What holders of such a rule can do, as the message goes on after the list. */
  abstract String consequence();

  /** How resourceNames read in the message, e.g. {@code pods named}. */
  String namedPrefix() {
    return "named";
  }

  @Override
  public final void check(CheckContext context, Sink sink) {
    RbacIndex index = RbacIndex.of(context.inventory());
    Map<Location, RbacFacts.BoundRule> bound =
        RbacFacts.boundRules(index, (b, r) -> !opens(b, r).isEmpty());
    Map<Location, RbacFacts.WrittenRule> written = RbacFacts.writtenRules(context.inventory());
    // rules of parapet's default roles are not in the input: report at the bindings instead
    Map<Binding, Set<String>> throughDefaults = new LinkedHashMap<>();
    for (Map.Entry<Location, RbacFacts.BoundRule> e : bound.entrySet()) {
      RbacFacts.WrittenRule w = written.get(e.getKey());
      if (w == null) {
        for (Binding b : e.getValue().bindings()) {
          throughDefaults
              .computeIfAbsent(b, k -> new LinkedHashSet<>())
              .addAll(opens(b, e.getValue().rule()));
        }
        continue;
      }
      List<Binding> bindings = e.getValue().bindings();
      Set<String> parts = new LinkedHashSet<>();
      for (Binding b : bindings) {
        parts.addAll(opens(b, e.getValue().rule()));
      }
      sink.report(
          w.owner(),
          w.node(),
          w.owner().kind()
              + " \""
              + w.owner().name()
              + "\" allows "
              + String.join("; ", parts)
              + (w.rule().resourceNames().isEmpty()
                  ? ""
                  : " (" + namedPrefix() + " " + String.join(", ", w.rule().resourceNames()) + ")")
              + ": "
              + consequence()
              + "; granted to "
              + RbacFacts.grantees(bindings));
    }
    throughDefaults.forEach(
        (b, parts) ->
            sink.report(
                b.object(),
                RbacFacts.roleRefNode(b),
                RbacFacts.binding(b)
                    + " grants "
                    + RbacFacts.role(b)
                    + " (a Kubernetes default role, not in the input), which allows "
                    + String.join("; ", parts)
                    + ": "
                    + consequence()
                    + "; granted to "
                    + RbacFacts.subjects(b)
                    + " "
                    + RbacFacts.scope(b)));
  }
}
