package dev.parapet.rbac;

import java.util.Locale;
import java.util.Map;

/**
 * Reads a resource as users write it on the command line ({@code pods}, {@code pods/exec}, {@code
 * deployments.apps}, {@code deployments.apps/scale}, {@code deploy}), offline: the API group of the
 * built-in resources comes from a table instead of the API server's discovery.
 */
public final class Resources {
  private Resources() {}

  /** A resource with its API group; {@code known} is false when the group was guessed. */
  public record Parsed(String group, String resource, String subresource, boolean known) {
    public ResourceRequest request(String verb) {
      return Request.resource(
          verb, group, subresource.isEmpty() ? resource : resource + "/" + subresource);
    }
  }

  private static final Map<String, String> SHORT =
      Map.ofEntries(
          Map.entry("po", "pods"),
          Map.entry("svc", "services"),
          Map.entry("cm", "configmaps"),
          Map.entry("ns", "namespaces"),
          Map.entry("no", "nodes"),
          Map.entry("sa", "serviceaccounts"),
          Map.entry("pv", "persistentvolumes"),
          Map.entry("pvc", "persistentvolumeclaims"),
          Map.entry("ep", "endpoints"),
          Map.entry("ev", "events"),
          Map.entry("deploy", "deployments"),
          Map.entry("ds", "daemonsets"),
          Map.entry("sts", "statefulsets"),
          Map.entry("rs", "replicasets"),
          Map.entry("cj", "cronjobs"),
          Map.entry("ing", "ingresses"),
          Map.entry("netpol", "networkpolicies"),
          Map.entry("csr", "certificatesigningrequests"),
          Map.entry("crd", "customresourcedefinitions"),
          Map.entry("sc", "storageclasses"),
          Map.entry("pc", "priorityclasses"));

  private static final Map<String, String> GROUPS =
      Map.ofEntries(
          Map.entry("pods", ""),
          Map.entry("services", ""),
          Map.entry("secrets", ""),
          Map.entry("configmaps", ""),
          Map.entry("namespaces", ""),
          Map.entry("nodes", ""),
          Map.entry("serviceaccounts", ""),
          Map.entry("persistentvolumes", ""),
          Map.entry("persistentvolumeclaims", ""),
          Map.entry("endpoints", ""),
          Map.entry("events", ""),
          Map.entry("replicationcontrollers", ""),
          Map.entry("resourcequotas", ""),
          Map.entry("limitranges", ""),
          Map.entry("podtemplates", ""),
          Map.entry("bindings", ""),
          Map.entry("componentstatuses", ""),
          Map.entry("deployments", "apps"),
          Map.entry("daemonsets", "apps"),
          Map.entry("statefulsets", "apps"),
          Map.entry("replicasets", "apps"),
          Map.entry("controllerrevisions", "apps"),
          Map.entry("jobs", "batch"),
          Map.entry("cronjobs", "batch"),
          Map.entry("roles", "rbac.authorization.k8s.io"),
          Map.entry("rolebindings", "rbac.authorization.k8s.io"),
          Map.entry("clusterroles", "rbac.authorization.k8s.io"),
          Map.entry("clusterrolebindings", "rbac.authorization.k8s.io"),
          Map.entry("ingresses", "networking.k8s.io"),
          Map.entry("ingressclasses", "networking.k8s.io"),
          Map.entry("networkpolicies", "networking.k8s.io"),
          Map.entry("certificatesigningrequests", "certificates.k8s.io"),
          Map.entry("validatingwebhookconfigurations", "admissionregistration.k8s.io"),
          Map.entry("mutatingwebhookconfigurations", "admissionregistration.k8s.io"),
          Map.entry("validatingadmissionpolicies", "admissionregistration.k8s.io"),
          Map.entry("validatingadmissionpolicybindings", "admissionregistration.k8s.io"),
          Map.entry("customresourcedefinitions", "apiextensions.k8s.io"),
          Map.entry("apiservices", "apiregistration.k8s.io"),
          Map.entry("leases", "coordination.k8s.io"),
          Map.entry("tokenreviews", "authentication.k8s.io"),
          Map.entry("selfsubjectreviews", "authentication.k8s.io"),
          Map.entry("subjectaccessreviews", "authorization.k8s.io"),
          Map.entry("selfsubjectaccessreviews", "authorization.k8s.io"),
          Map.entry("selfsubjectrulesreviews", "authorization.k8s.io"),
          Map.entry("localsubjectaccessreviews", "authorization.k8s.io"),
          Map.entry("storageclasses", "storage.k8s.io"),
          Map.entry("csidrivers", "storage.k8s.io"),
          Map.entry("volumeattachments", "storage.k8s.io"),
          Map.entry("priorityclasses", "scheduling.k8s.io"),
          Map.entry("poddisruptionbudgets", "policy"),
          Map.entry("podsecuritypolicies", "policy"),
          Map.entry("horizontalpodautoscalers", "autoscaling"),
          Map.entry("runtimeclasses", "node.k8s.io"),
          Map.entry("endpointslices", "discovery.k8s.io"),
          Map.entry("flowschemas", "flowcontrol.apiserver.k8s.io"),
          Map.entry("prioritylevelconfigurations", "flowcontrol.apiserver.k8s.io"));

  /** Parses {@code resource[.group][/subresource]}; {@code *} stands for every resource. */
  public static Parsed parse(String written) {
    String s = written.trim().toLowerCase(Locale.ROOT);
    String sub = "";
    int slash = s.indexOf('/');
    if (slash >= 0) {
      sub = s.substring(slash + 1);
      s = s.substring(0, slash);
    }
    int dot = s.indexOf('.');
    if (dot >= 0) {
      return new Parsed(
          s.substring(dot + 1),
          SHORT.getOrDefault(s.substring(0, dot), s.substring(0, dot)),
          sub,
          true);
    }
    String resource = SHORT.getOrDefault(s, s);
    if (resource.equals("*")) {
      return new Parsed("*", "*", sub, true);
    }
    String group = GROUPS.get(resource);
    return new Parsed(group == null ? "" : group, resource, sub, group != null);
  }
}
