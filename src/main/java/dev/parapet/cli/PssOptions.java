package dev.parapet.cli;

import dev.parapet.pss.Level;
import dev.parapet.pss.PssVersion;
import picocli.CommandLine.Option;

/** The Pod Security Standards level and version a command evaluates. */
final class PssOptions {
  @Option(
      names = {"--pss-level", "--level"},
      paramLabel = "LEVEL",
      description =
          "Pod Security Standards level: privileged, baseline or restricted (default: ${DEFAULT-VALUE}).")
  String level = "restricted";

  @Option(
      names = "--pss-version",
      paramLabel = "VERSION",
      description =
          "Version of the standard, v1.0 to v1.37, or latest (default: ${DEFAULT-VALUE}); newer"
              + " versions evaluate as the newest known, as the admission plugin does.")
  String version = "latest";

  Level parsedLevel() {
    try {
      return Level.parse(level);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--pss-level: " + e.getMessage());
    }
  }

  String levelName() {
    return parsedLevel().label();
  }

  PssVersion parsedVersion() {
    try {
      return PssVersion.parse(version);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--pss-version: " + e.getMessage());
    }
  }

  String version() {
    parsedVersion();
    return version;
  }
}
