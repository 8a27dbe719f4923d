package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;

/**
 * A namespace's labels set its Pod Security admission level and decide which namespace-selected
 * webhooks, admission policies and NetworkPolicy peers apply to it; whoever may write the Namespace
 * can relabel it and so switch those controls off for it. The status and finalize subresources of a
 * Namespace accept label changes too, as they keep only spec (status) or status (finalize) from the
 * stored object. The API server takes the namespace of a request on {@code /api/v1/namespaces/NAME}
 * (and its subresources) to be NAME itself, so a RoleBinding grants this on its own namespace.
 * Triggers on each rule in the core group allowing update or patch on namespaces or
 * namespaces/status, or update on namespaces/finalize (written out or through {@code *} or {@code *
 * /sub}), granted through a ClusterRoleBinding (every namespace, or those named in resourceNames),
 * or through a RoleBinding when the rule allows it on the Namespace named after the binding's
 * namespace, when the binding's name does not start with {@code system:}. Rules that allow every
 * verb on every resource are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-013",
    title = "Namespace labels writable",
    severity = Severity.MEDIUM,
    stride = Stride.TAMPERING,
    category = "rbac",
    mitre = {"T1562.001"},
    description =
        "Pod Security admission takes a namespace's level from its pod-security.kubernetes.io/*"
            + " labels, and admission webhooks, admission policy bindings and NetworkPolicy peers"
            + " select namespaces by label. Whoever may write a Namespace can set"
            + " pod-security.kubernetes.io/enforce: privileged (or remove the label where the"
            + " cluster default is privileged), or take the namespace out of a webhook's"
            + " namespaceSelector, and then run what those controls kept out; Pod Security"
            + " admission only warns about existing pods when the label changes. Not only the"
            + " Namespace itself: its status subresource keeps only spec from the stored object and"
            + " its finalize subresource only status, so both accept label changes (Kubernetes'"
            + " fields-wiping integration test lists namespaces among the APIs whose /status"
            + " endpoint does not wipe metadata). A request on /api/v1/namespaces/NAME, or on its"
            + " subresources, carries NAME as its namespace attribute (RequestInfo in"
            + " k8s.io/apiserver's endpoints/request/requestinfo.go, whose tests expect namespace"
            + " \"other\" for GET /api/v1/namespaces/other), so the RBAC authorizer applies the"
            + " RoleBindings of namespace NAME to it: a RoleBinding in namespace team-a granting"
            + " update on namespaces lets its subjects relabel team-a itself. Triggered by a rule in"
            + " the core group allowing update or patch on namespaces or namespaces/status, or"
            + " update on namespaces/finalize (the resource written out, as * or as */status and"
            + " */finalize), granted through a ClusterRoleBinding, for every namespace or those"
            + " named in resourceNames, or through a RoleBinding when the rule covers the Namespace"
            + " named after the binding's namespace (no resourceNames, or that name among them),"
            + " when the binding's name does not start with system:. The message says which"
            + " namespace: the RoleBinding's own, or every one. The finding points at the rule and"
            + " lists every binding that grants it; rules granting every verb on every resource are"
            + " reported by RBAC-001 and RBAC-002 instead.",
    remediation =
        "Let only cluster administrators or the tool that provisions namespaces write Namespace"
            + " objects and their status; namespace owners rarely need more than get on their"
            + " namespace. Where tenants must label their namespaces, guard the"
            + " pod-security.kubernetes.io labels with a ValidatingAdmissionPolicy.")
public final class NamespaceLabelsWritable extends GrantedRuleCheck {
  /** A way to write a Namespace's labels: the object or one of its subresources. */
  private record Target(String subresource, List<String> verbs) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target("", List.of("update", "patch")),
          new Target("status", List.of("update", "patch")),
          // the finalize endpoint has no get, so it takes update but not patch
          new Target("finalize", List.of("update")));

  /** {@code update, patch on namespaces for namespace team-a itself} and the like. */
  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    // most rules are elsewhere: decide that before building any request
    if (!PolicyRule.apiGroupMatches(r.apiGroups(), "")
        || r.resources().stream()
            .noneMatch(
                res ->
                    res.equals(PolicyRule.ALL)
                        || res.startsWith("*/")
                        || res.startsWith("namespaces"))) {
      return List.of();
    }
    String ns = binding.namespace();
    List<String> grants = new ArrayList<>();
    for (Target t : TARGETS) {
      List<String> verbs =
          binding.isClusterRoleBinding()
              ? RbacFacts.verbsOn(r, t.verbs(), "", "namespaces", t.subresource())
              // the request on a Namespace has the namespace's own name as its namespace
              : t.verbs().stream()
                  .filter(
                      v ->
                          r.allows(
                              new ResourceRequest(v, "", "namespaces", t.subresource(), ns, ns)))
                  .toList();
      if (!verbs.isEmpty()) {
        grants.add(
            String.join(", ", verbs)
                + " on namespaces"
                + (t.subresource().isEmpty() ? "" : "/" + t.subresource()));
      }
    }
    if (grants.isEmpty()) {
      return List.of();
    }
    return List.of(
        String.join(" and ", grants)
            + (binding.isClusterRoleBinding()
                ? " for every namespace"
                : " for namespace " + ns + " itself"));
  }

  @Override
  String consequence() {
    return "its holders can relabel the namespaces it covers, pod-security.kubernetes.io labels"
        + " included, and so switch Pod Security admission and label-selected controls off there";
  }
}
