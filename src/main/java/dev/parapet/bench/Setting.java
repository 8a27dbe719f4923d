package dev.parapet.bench;

import dev.parapet.model.Location;
import java.util.Optional;

/**
 * One value a component runs with: a command-line flag ({@code name} without the dashes, {@code
 * authorization-mode}) or a configuration file key ({@code authentication.anonymous.enabled}), with
 * where it was written when it came from a file. A flag given without a value ({@code --profiling})
 * has the value {@code true}, as Go's flag package reads a boolean flag.
 */
public record Setting(String name, String value, Optional<Location> location) {}
