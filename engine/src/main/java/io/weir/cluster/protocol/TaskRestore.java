package io.weir.cluster.protocol;

import io.weir.state.KeyedStateHandle;
import java.util.List;
import java.util.Map;

/**
 * The state a task attempt starts from: the keyed state handles whose key groups it owns, and,
 * for each operator of its chain (by name), every old subtask's operator state in serialized form.
 */
public record TaskRestore(long checkpointId, String storageUri, List<KeyedStateHandle> keyed,
                          Map<String, List<byte[]>> operatorStates) {
}
