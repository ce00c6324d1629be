package io.factotum.store.consul;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The operations of one Consul transaction ({@code PUT /v1/txn}), applied all or none. */
final class Txn {
    private final JsonArray ops = new JsonArray();

    /** Writes {@code key} only if its index is still {@code index}; 0 means "only if absent". */
    Txn cas(String key, String value, long index) {
        JsonObject kv = kv("cas", key);
        kv.addProperty("Value", base64(value));
        kv.addProperty("Index", index);
        return add(kv);
    }

    Txn set(String key, String value) {
        JsonObject kv = kv("set", key);
        kv.addProperty("Value", base64(value));
        return add(kv);
    }

    /** Deletes {@code key}; nothing to delete is no failure. */
    Txn delete(String key) {
        return add(kv("delete", key));
    }

    /** Deletes {@code key} only if its index is still {@code index}. */
    Txn deleteCas(String key, long index) {
        JsonObject kv = kv("delete-cas", key);
        kv.addProperty("Index", index);
        return add(kv);
    }

    /** Fails the transaction unless {@code key} is still at {@code index}. */
    Txn checkIndex(String key, long index) {
        JsonObject kv = kv("check-index", key);
        kv.addProperty("Index", index);
        return add(kv);
    }

    /** Reads every key under {@code prefix} (none is no failure). */
    Txn getTree(String prefix) {
        return add(kv("get-tree", prefix));
    }

    /** Adds {@code other}'s operations after these. */
    Txn append(Txn other) {
        other.ops.forEach(ops::add);
        return this;
    }

    int size() {
        return ops.size();
    }

    String json() {
        return ops.toString();
    }

    private static JsonObject kv(String verb, String key) {
        JsonObject kv = new JsonObject();
        kv.addProperty("Verb", verb);
        kv.addProperty("Key", key);
        return kv;
    }

    private Txn add(JsonObject kv) {
        JsonObject op = new JsonObject();
        op.add("KV", kv);
        ops.add(op);
        return this;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
