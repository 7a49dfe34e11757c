#ifndef HYPERCUBE_CVULKAN_SHIM_H
#define HYPERCUBE_CVULKAN_SHIM_H
#include <vulkan/vulkan.h>

/* Vulkan macros that Swift cannot import. */
static inline uint32_t hc_vk_api_version(uint32_t major, uint32_t minor, uint32_t patch) {
    return VK_MAKE_API_VERSION(0, major, minor, patch);
}
static inline uint32_t hc_vk_version_major(uint32_t version) { return VK_API_VERSION_MAJOR(version); }
static inline uint32_t hc_vk_version_minor(uint32_t version) { return VK_API_VERSION_MINOR(version); }
static inline uint32_t hc_vk_version_patch(uint32_t version) { return VK_API_VERSION_PATCH(version); }
static inline uint64_t hc_vk_whole_size(void) { return VK_WHOLE_SIZE; }
#endif
