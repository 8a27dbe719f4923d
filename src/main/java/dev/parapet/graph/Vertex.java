package dev.parapet.graph;

import dev.parapet.model.Location;
import java.util.Optional;

/**
 * A vertex of the attack graph.
 *
 * @param id stable and unique: {@code container:shop/web/nginx}, {@code identity:sa:ci/deployer}
 * @param name what a person calls it ({@code nginx}, {@code system:serviceaccount:ci:deployer})
 * @param namespace its namespace, empty for cluster-wide things
 * @param at where it is defined, when it comes from a file
 */
public record Vertex(
    String id, VertexType type, String name, String namespace, Optional<Location> at) {}
