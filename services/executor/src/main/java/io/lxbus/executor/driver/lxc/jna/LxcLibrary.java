package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The exported functions of {@code liblxc.so.1} that lxbus uses, with C names. */
public interface LxcLibrary extends Library {
    /** {@code struct lxc_container *lxc_container_new(const char *name, const char *configpath)}; null on error. */
    Pointer lxc_container_new(String name, String configpath);

    /** {@code int lxc_container_get(struct lxc_container *c)}: 1 when a reference was added. */
    int lxc_container_get(Pointer c);

    /** {@code int lxc_container_put(struct lxc_container *c)}: 0, 1 when freed, -1 on error. */
    int lxc_container_put(Pointer c);

    /** {@code const char *lxc_get_version(void)}; static. */
    String lxc_get_version();

    /** {@code bool lxc_has_api_extension(const char *extension)}. */
    byte lxc_has_api_extension(String extension);

    /** {@code bool lxc_config_item_is_supported(const char *key)}. */
    byte lxc_config_item_is_supported(String key);
}
