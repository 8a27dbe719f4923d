package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * The default namespace is where everything lands by accident; it is a poor boundary for policies
 * and permissions. Triggers on a workload whose metadata.namespace is written as {@code default}.
 */
@CheckInfo(
    id = "POD-012",
    title = "Workload deployed in the default namespace",
    severity = Severity.LOW,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "workload",
    cis = {"CIS 1.10: 5.7.4", "CIS 1.10: 5.7.1"},
    nsa = {"Network separation and hardening: namespaces"},
    description =
        "Namespaces are the unit of RBAC, NetworkPolicy, ResourceQuota and Pod Security admission."
            + " The default namespace exists in every cluster, is where anything applied without a"
            + " namespace lands, and usually carries no Pod Security label, no default-deny"
            + " NetworkPolicy and broad bindings, so a workload there shares its boundary with"
            + " whatever else was put there by accident. Triggered by a workload whose"
            + " metadata.namespace is explicitly \"default\". A manifest without a namespace is not"
            + " reported: it lands in whatever namespace the person applying it chooses.",
    remediation =
        "Create a namespace per application or team, with its Pod Security labels, NetworkPolicies"
            + " and quotas, and deploy the workload there.")
public final class DefaultNamespaceUsed implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    workload
        .object()
        .metadata()
        .flatMap(m -> m.scalar("namespace"))
        .filter(s -> s.value().equals("default"))
        .ifPresent(
            s ->
                sink.report(
                    workload.object(),
                    s,
                    workload.object().kind()
                        + " \""
                        + workload.object().name()
                        + "\" is deployed in the \"default\" namespace",
                    null));
  }
}
