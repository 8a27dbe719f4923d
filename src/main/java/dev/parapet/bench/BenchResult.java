package dev.parapet.bench;

import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.Location;
import java.util.Optional;

/**
 * The judgement of one benchmark entry on one instance of its component (or on none, when the
 * component is not in the input: then {@code instance} is empty and the status INFO).
 *
 * @param text the entry's title, naming the flag or setting
 * @param evidence the value found and where it came from, or that the default applied
 * @param location where the deciding value is written; the instance's command line when the value
 *     is a default; empty when there is no file
 * @param defaultUsed some value was not written and its upstream default decided
 */
public record BenchResult(
    String id,
    String text,
    String section,
    Component component,
    Optional<String> instance,
    Status status,
    String evidence,
    Optional<Location> location,
    boolean scored,
    String remediation,
    boolean defaultUsed,
    Severity severity,
    Stride stride) {}
