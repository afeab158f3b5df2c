// ankerl::unordered_dense over the standard containers, for building mediasoup's worker where no
// registry serves the real header-only library (4.8.1 upstream). The worker uses only map, set and
// hash with the std-compatible subset of their interface (find, emplace, try_emplace, erase,
// iteration, structured bindings), so aliases are enough; a member only unordered_dense has would
// fail to compile here rather than behave differently. What changes: iteration order (the real map
// iterates in insertion order, the standard one in bucket order; the worker does not depend on
// either) and speed (a node-based table instead of a dense vector).
#ifndef CANDOR_ANKERL_UNORDERED_DENSE_COMPAT_H
#define CANDOR_ANKERL_UNORDERED_DENSE_COMPAT_H

#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	// The real hash is a wyhash-based functor; std::hash gives the same contract (equal keys, equal
	// hashes), which is all the worker's HashCombine callers and custom key hashes rely on.
	template<class T, class Enable = void>
	struct hash : std::hash<T>
	{
	};

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif
