package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import java.util.List;
import java.util.Locale;

/**
 * Images should come only from registries the organisation trusts. Triggers on a container image
 * whose registry (and path) matches no entry of the allowed list; does nothing when the list is
 * empty.
 */
@CheckInfo(
    id = "IMG-003",
    title = "Image from a registry outside the allowed list",
    severity = Severity.HIGH,
    stride = Stride.TAMPERING,
    category = "image",
    cis = {"CIS 1.10: 5.5.1"},
    mitre = {"T1525", "T1610"},
    nsa = {"Pod security: building secure container images"},
    description =
        "An image from an unvetted registry bypasses the organisation's scanning, signing and"
            + " mirroring, and its content is controlled by whoever owns that registry or"
            + " repository. Triggered, only when allowed registries are configured, by a container"
            + " image (init and ephemeral included) that matches no entry. An entry is a registry"
            + " host (ghcr.io, registry.example.com:5000), optionally with a path prefix that must"
            + " match whole components (ghcr.io/acme allows ghcr.io/acme/api, not"
            + " ghcr.io/acme-evil/api), or *.domain for any host under domain. Names without a"
            + " registry are on docker.io (nginx is docker.io/library/nginx); index.docker.io and"
            + " registry-1.docker.io are docker.io.",
    remediation =
        "Mirror the image into an allowed registry (after scanning it) and reference it there, or"
            + " add the registry to the allowed list if it is trusted; enforce the list at"
            + " admission.")
public final class ImageFromUntrustedRegistry implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    List<String> allowed = context.allowedRegistries();
    if (allowed.isEmpty()) {
      return;
    }
    for (Images.Use use : Images.of(workload)) {
      if (allowed.stream().anyMatch(a -> allows(a, use.ref()))) {
        continue;
      }
      sink.report(
          workload.object(),
          use.node(),
          use.container().describe()
              + " runs image \""
              + use.node().value()
              + "\" from "
              + use.ref().registry()
              + ", which is not an allowed registry ("
              + String.join(", ", allowed)
              + ")");
    }
  }

  /** True when an allow-list entry admits the image. */
  static boolean allows(String entry, ImageRef ref) {
    String e = entry.trim();
    int scheme = e.indexOf("://");
    if (scheme >= 0) {
      e = e.substring(scheme + 3);
    }
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    if (e.isEmpty()) {
      return false;
    }
    int slash = e.indexOf('/');
    String host = slash < 0 ? e : e.substring(0, slash);
    String path = slash < 0 ? "" : e.substring(slash + 1);
    if (host.startsWith("*.")) {
      String suffix = host.substring(1).toLowerCase(Locale.ROOT);
      if (!ref.registry().endsWith(suffix)) {
        return false;
      }
    } else if (!ImageRef.normalizeRegistry(host).equals(ref.registry())) {
      return false;
    }
    if (path.isEmpty()) {
      return true;
    }
    if (ref.registry().equals("docker.io") && !path.contains("/")) {
      // Docker Hub's official images live under library/: docker.io/nginx is library/nginx
      String official = "library/" + path;
      if (ref.repository().equals(official) || ref.repository().startsWith(official + "/")) {
        return true;
      }
    }
    return ref.repository().equals(path) || ref.repository().startsWith(path + "/");
  }
}
