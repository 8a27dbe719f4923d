package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;

/**
 * A tag can be moved to other content; only a digest names exactly one image. Triggers on a
 * container image without {@code @sha256:...}.
 */
@CheckInfo(
    id = "IMG-002",
    title = "Image not pinned by digest",
    severity = Severity.LOW,
    stride = Stride.TAMPERING,
    category = "image",
    cis = {"CIS 1.10: 5.5.1"},
    mitre = {"T1525"},
    nsa = {"Pod security: building secure container images"},
    description =
        "Every tag, version tags included, can be pushed again: whoever controls the repository"
            + " (or a compromised build) replaces what the workload runs at its next pull, and"
            + " signatures and scan results tied to the digest no longer describe it. Triggered by"
            + " a container image, init and ephemeral ones included, without a digest. References"
            + " that do not parse as image references (templates, variables) are skipped.",
    remediation =
        "Reference images by digest (name:tag@sha256:...; the tag stays readable), and let a bot"
            + " such as Renovate update digests; verify signatures at admission.")
public final class ImageNotPinnedByDigest implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    for (Images.Use use : Images.of(workload)) {
      if (use.ref().hasDigest()) {
        continue;
      }
      sink.report(
          workload.object(),
          use.node(),
          use.container().describe()
              + " runs image \""
              + use.node().value()
              + "\" by tag, not by digest: the tag can be moved to other content");
    }
  }
}
