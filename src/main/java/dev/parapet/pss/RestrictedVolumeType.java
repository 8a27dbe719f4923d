package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.List;
import java.util.Set;

/**
 * The restricted level allows only volume types that cannot reach node or network storage outside
 * the cluster's control. Triggers on a volume whose source is not in the allowed list.
 */
@CheckInfo(
    id = "PSS-013",
    title = "Volume type outside the restricted set",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    overlaps = {"PSS-005"},
    pss = "restricted/Volume Types",
    mitre = {"T1611"},
    nsa = {"Pod security: pod security enforcement"},
    description =
        "Volume plugins such as hostPath, nfs, iscsi, rbd, cephfs, gitRepo or flexVolume mount"
            + " storage that the pod author chooses, from the node or the network, often with the"
            + " node's credentials; gitRepo has led to code execution on the node. The restricted"
            + " level allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image,"
            + " persistentVolumeClaim, projected and secret. Triggered by a volume with any other"
            + " source (a volume with no source defaults to emptyDir). Under the restricted level"
            + " this control replaces the hostPath one.",
    remediation =
        "Use a persistentVolumeClaim (the cluster administrator provisions the storage) or a"
            + " configMap, secret or emptyDir volume.")
public final class RestrictedVolumeType extends Control {
  static final Set<String> ALLOWED =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "image",
          "persistentVolumeClaim",
          "projected",
          "secret");

  @Override
  public String controlId() {
    return "restrictedVolumes";
  }

  @Override
  public Level level() {
    return Level.RESTRICTED;
  }

  @Override
  public int since() {
    return 0;
  }

  @Override
  public Set<String> overrides(PssVersion v) {
    return Set.of("hostPathVolumes");
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    for (MapNode vol : pod.volumes()) {
      String name = vol.string("name").orElse("");
      for (int i = 0; i < vol.entries(); i++) {
        String type = vol.key(i);
        if (type.equals("name") || ALLOWED.contains(type)) {
          continue;
        }
        if (vol.value(i) instanceof dev.parapet.source.ScalarNode s && s.isNull()) {
          continue;
        }
        out.add(
            Violation.at(
                controlId(),
                vol.value(i),
                "restricted volume types: volume \""
                    + name
                    + "\" uses restricted volume type \""
                    + type
                    + "\"",
                null));
      }
    }
  }
}
