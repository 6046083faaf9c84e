package io.meshage.file;

/**
 * One file a node serves: its mesh path, size and SHA-256 (hex; empty while the node has not
 * hashed it yet, which a listing starts).
 */
public record FileEntry(String node, String path, long size, String sha256) {}
