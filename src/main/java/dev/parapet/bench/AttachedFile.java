package dev.parapet.bench;

import dev.parapet.model.Location;
import java.util.List;
import java.util.Optional;

/**
 * A configuration file a component's flag names, as the input gave it: read (its facts, and the
 * file itself for a KubeletConfiguration or KubeProxyConfiguration), or not found, with why.
 *
 * @param key the flag that names it ({@code encryption-provider-config}), or {@code Corefile}
 * @param path the path the flag names, as the component sees it
 * @param readFrom where it was read ({@code /node/etc/kubernetes/enc.yaml}, {@code ConfigMap
 *     kube-system/kube-proxy}); empty when it was not found
 * @param facts what the file's reader found, testable by {@code config} conditions
 * @param config the file itself, for a component's own configuration file
 * @param note why it was not found, or how it was matched (said in evidence)
 * @param embeddedIn for a file held in a ConfigMap key: that key's location, so that a value of the
 *     file is reported at its own line but on the ConfigMap's field
 */
public record AttachedFile(
    String key,
    String path,
    Optional<String> readFrom,
    List<Setting> facts,
    Optional<ConfigFile> config,
    String note,
    Optional<Location> embeddedIn) {
  public AttachedFile {
    facts = List.copyOf(facts);
  }

  public AttachedFile(
      String key,
      String path,
      Optional<String> readFrom,
      List<Setting> facts,
      Optional<ConfigFile> config,
      String note) {
    this(key, path, readFrom, facts, config, note, Optional.empty());
  }

  /**
   * Where a location inside this file is reported: as it is, or for a file held in a ConfigMap, at
   * the same line on the ConfigMap's key (its object, document and JSON Pointer).
   */
  public Optional<Location> report(Optional<Location> inFile) {
    if (embeddedIn.isEmpty() || inFile.isEmpty()) {
      return inFile;
    }
    Location at = embeddedIn.get();
    return Optional.of(
        new Location(
            at.file(),
            at.documentIndex(),
            inFile.get().line(),
            inFile.get().column(),
            at.pointer(),
            at.helmSource()));
  }

  public boolean found() {
    return readFrom.isPresent();
  }

  static AttachedFile missing(String key, String path, String why) {
    return new AttachedFile(key, path, Optional.empty(), List.of(), Optional.empty(), why);
  }
}
