package dev.parapet.bench;

import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.Optional;

/**
 * One entry of a benchmark definition file.
 *
 * @param id the benchmark's id ({@code 1.2.15})
 * @param title parapet's short title, naming the flag or setting
 * @param section the section id ({@code 1.2})
 * @param target kube-bench's target: master, controlplane, etcd, node or policies
 * @param scored automated (a failing test is FAIL) rather than manual (WARN)
 * @param test what must hold; empty for an entry a person has to judge
 * @param severity and {@code stride}: what a FAIL means as a finding
 * @param note said with every result, for what the test cannot see yet
 */
public record BenchCheck(
    String id,
    String title,
    String section,
    String target,
    Component component,
    boolean scored,
    Optional<Criterion> test,
    Severity severity,
    Stride stride,
    String remediation,
    Optional<String> note,
    int line) {}
