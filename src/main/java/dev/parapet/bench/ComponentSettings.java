package dev.parapet.bench;

import dev.parapet.model.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one running component was given: its flags in command-line order (the last occurrence of a
 * flag wins, as in Go's flag package) and where they were read from ({@code source}: a manifest
 * file, a process list line, {@code /proc/1234/cmdline}).
 */
public record ComponentSettings(
    Component component, String source, Optional<Location> location, List<Setting> flags) {
  public ComponentSettings {
    flags = List.copyOf(flags);
  }

  /** The flag's effective value: its last occurrence. */
  public Optional<Setting> flag(String name) {
    Setting found = null;
    for (Setting s : flags) {
      if (s.name().equals(name)) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The effective flags by name. */
  public Map<String, Setting> effective() {
    Map<String, Setting> out = new java.util.LinkedHashMap<>();
    flags.forEach(s -> out.put(s.name(), s));
    return out;
  }
}
