package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ClusterRoleBinding grants in every namespace and says nothing about who made it or why, so it
 * outlives its purpose unnoticed. Triggers on each ClusterRoleBinding whose name starts with
 * neither {@code system:} nor {@code kubeadm:} and that carries no label or annotation naming an
 * owner or purpose (see {@link #OWNER_KEYS} and {@link #OWNER_SUFFIXES}).
 */
@CheckInfo(
    id = "RBAC-018",
    title = "ClusterRoleBinding has no owner or purpose",
    severity = Severity.LOW,
    stride = Stride.REPUDIATION,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.1"},
    mitre = {"T1098"},
    description =
        "Cluster-wide grants deserve the hardest look, and a review needs to know whom to ask:"
            + " namespaced bindings at least show where they belong, a ClusterRoleBinding does not."
            + " Triggered by a ClusterRoleBinding whose name starts with neither system: nor"
            + " kubeadm: (the bootstrap policy's and kubeadm's own) that has none of these labels or"
            + " annotations: owner, team, contact, purpose, description, app.kubernetes.io/name,"
            + " app.kubernetes.io/instance, app.kubernetes.io/part-of, app.kubernetes.io/managed-by,"
            + " helm.sh/chart, meta.helm.sh/release-name, argocd.argoproj.io/instance,"
            + " kustomize.toolkit.fluxcd.io/name, kubernetes.io/description, or any key ending in"
            + " /owner, /team, /contact, /purpose or /description.",
    remediation =
        "Label or annotate the binding with its owner and purpose (for example"
            + " example.com/owner: platform-team, example.com/purpose: CI deploys), or deploy it"
            + " with the tool that owns it so its managed-by labels say so; better still, replace it"
            + " with RoleBindings in the namespaces that need it.")
public final class ClusterRoleBindingUnowned implements InventoryCheck {
  /** Labels and annotations that name who owns a binding or what it is for. */
  static final List<String> OWNER_KEYS =
      List.of(
          "owner",
          "team",
          "contact",
          "purpose",
          "description",
          "app.kubernetes.io/name",
          "app.kubernetes.io/instance",
          "app.kubernetes.io/part-of",
          "app.kubernetes.io/managed-by",
          "helm.sh/chart",
          "meta.helm.sh/release-name",
          "argocd.argoproj.io/instance",
          "kustomize.toolkit.fluxcd.io/name",
          "kubernetes.io/description");

  /** Prefixed keys that do the same, such as {@code example.com/owner}. */
  static final List<String> OWNER_SUFFIXES =
      List.of("/owner", "/team", "/contact", "/purpose", "/description");

  @Override
  public void check(CheckContext context, Sink sink) {
    for (K8sObject o : context.inventory().ofKind("ClusterRoleBinding")) {
      if (!o.group().equals("rbac.authorization.k8s.io")
          || RbacFacts.isSystem(o.name())
          || o.name().startsWith("kubeadm:")) {
        continue;
      }
      if (owned(o.labels()) || owned(o.annotations())) {
        continue;
      }
      sink.report(
          o,
          o.root().map("metadata").orElse(o.root()),
          "ClusterRoleBinding "
              + o.name()
              + " grants in every namespace but no label or annotation says who owns it or why");
    }
  }

  private static boolean owned(Map<String, String> keys) {
    for (String k : keys.keySet()) {
      String key = k.toLowerCase(Locale.ROOT);
      if (OWNER_KEYS.contains(key) || OWNER_SUFFIXES.stream().anyMatch(key::endsWith)) {
        return true;
      }
    }
    return false;
  }
}
