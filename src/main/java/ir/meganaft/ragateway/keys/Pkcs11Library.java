package ir.meganaft.ragateway.keys;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PKCS#11 library (a .so) as this process sees it, and the one thing SunPKCS11 cannot do: start
 * it again. SunPKCS11 calls {@code C_Initialize} once per library path for the life of the JVM and
 * caches the module by its path string, so after a token or HSM link is lost its sessions never come
 * back (docs/stack.md trap 7). To restart, this class calls {@code C_Finalize} on the old module and
 * moves to a new <em>generation</em>: the same file under a new name (a symbolic link in a private
 * temporary folder), which SunPKCS11 has not cached and therefore initializes afresh; the dynamic
 * linker maps the same library. SoftHSM2 rereads its token
 * directory on {@code C_Initialize}, a network HSM's library reconnects.
 *
 * <p>Finalizing and slot lookup by token label use the JDK's internal PKCS#11 wrapper, reachable only
 * when the JVM runs with {@value #EXPORT_FLAG} (the jar's manifest sets it for {@code java -jar}).
 * Without it, lookup by label is refused with that advice, and a restart only opens a new provider.
 */
public final class Pkcs11Library {
    public static final String EXPORT_FLAG =
            "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Library.class);
    private static final Map<String, Pkcs11Library> LIBRARIES = new ConcurrentHashMap<>();
    private static final long CKF_OS_LOCKING_OK = 0x2L;

    private final Path library;
    private volatile int generation;
    private Path aliases;
    /**
     * Modules and providers of past generations stay referenced: if one were collected, SunPKCS11's
     * cleaners would close its session handles, which a restarted library may have handed out again.
     */
    private final List<Object> retired = new ArrayList<>();

    private Pkcs11Library(Path library) {
        this.library = library;
    }

    /** The one instance for this library file in this JVM (the CA and RA keys share it). */
    public static Pkcs11Library of(Path library) {
        return LIBRARIES.computeIfAbsent(
                library.toAbsolutePath().normalize().toString(), p -> new Pkcs11Library(Path.of(p)));
    }

    public Path file() {
        return library;
    }

    public int generation() {
        return generation;
    }

    /** The path SunPKCS11 is given for the current generation: the library's own path, then links to it. */
    public synchronized String path() {
        return pathOf(generation);
    }

    private String pathOf(int g) {
        if (g == 0) {
            return library.toString();
        }
        try {
            if (aliases == null) {
                aliases = Files.createTempDirectory("ra-gateway-pkcs11-");
                aliases.toFile().deleteOnExit();
            }
            Path link = aliases.resolve("g" + g + "-" + library.getFileName());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, library);
                link.toFile().deleteOnExit();
            }
            return link.toString();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot make a new name for the PKCS#11 library " + library + ": " + e.getMessage(), e);
        }
    }

    private void forgetPath(int g) {
        if (g > 0 && aliases != null) {
            try {
                Files.deleteIfExists(aliases.resolve("g" + g + "-" + library.getFileName()));
            } catch (IOException e) {
                LOG.debug("Cannot delete an old name of {}: {}", library, e.getMessage());
            }
        }
    }

    private final java.util.concurrent.locks.ReentrantReadWriteLock restarting =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    /** Keeps a provider of this library referenced for the life of the JVM (see {@link #retired}). */
    public synchronized void retain(Object provider) {
        retired.add(provider);
    }

    /**
     * Finalizes the library of generation {@code seen} and moves to the next, unless another key
     * already did so since it saw {@code seen}. Returns the new generation.
     */
    public int restart(int seen) {
        // Finalizing a module while another thread is inside C_Sign is undefined in PKCS#11 (SoftHSM2
        // can crash the JVM): wait until every signature in flight has returned.
        restarting.writeLock().lock();
        try {
            synchronized (this) {
                return restartLocked(seen);
            }
        } finally {
            restarting.writeLock().unlock();
        }
    }

    /** Held (shared) while signing, so that {@link #restart} never finalizes the module under a signature. */
    public java.util.concurrent.locks.Lock signingLock() {
        return restarting.readLock();
    }

    private int restartLocked(int seen) {
        if (seen != generation) {
            return generation;
        }
        if (wrapperAccessible()) {
            try {
                Object module = module(pathOf(generation));
                retired.add(module);
                invoke(module, "C_Finalize", new Class<?>[] {Object.class}, (Object) null);
            } catch (RuntimeException e) {
                LOG.debug("C_Finalize of {} failed (already gone?): {}", library, e.getMessage());
            }
        }
        forgetPath(generation);
        generation++;
        LOG.info("PKCS#11 library {} restarted (generation {})", library, generation);
        return generation;
    }

    /** The id of the slot holding the initialized token with this label, in the current generation. */
    public synchronized long slotOf(String tokenLabel) {
        if (!wrapperAccessible()) {
            throw new IllegalStateException("Finding the PKCS#11 token by its label '" + tokenLabel
                    + "' needs the JVM option " + EXPORT_FLAG + " (java -jar sets it from the manifest); "
                    + "or configure gateway.keys.pkcs11.slot-index instead of token-label");
        }
        Object module = module(pathOf(generation));
        long[] slots = (long[]) invoke(module, "C_GetSlotList", new Class<?>[] {boolean.class}, true);
        List<String> seen = new ArrayList<>();
        for (long slot : slots) {
            String label;
            try {
                Object info = invoke(module, "C_GetTokenInfo", new Class<?>[] {long.class}, slot);
                label = new String((char[]) info.getClass().getField("label").get(info)).strip();
            } catch (ReflectiveOperationException | IllegalStateException e) {
                seen.add("slot " + slot + ": " + e.getMessage()); // a token that went away answers with an error
                continue;
            }
            if (label.equals(tokenLabel)) {
                return slot;
            }
            seen.add(label);
        }
        throw new IllegalStateException("No PKCS#11 token labelled '" + tokenLabel + "' is present in library "
                + library + "; tokens present: " + seen);
    }

    /** Whether the JDK's PKCS#11 wrapper may be called (the JVM was started with {@value #EXPORT_FLAG}). */
    public static boolean wrapperAccessible() {
        return ModuleLayer.boot()
                .findModule("jdk.crypto.cryptoki")
                .map(m -> m.isExported("sun.security.pkcs11.wrapper", Pkcs11Library.class.getModule()))
                .orElse(false);
    }

    /** The module SunPKCS11 would use for this path: the cached one, or a newly initialized one. */
    private static Object module(String path) {
        try {
            Class<?> pkcs11 = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
            Class<?> argsClass = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
            Constructor<?> constructor = argsClass.getConstructor();
            Object args = constructor.newInstance();
            argsClass.getField("flags").setLong(args, CKF_OS_LOCKING_OK); // as SunPKCS11 itself does
            Method getInstance = pkcs11.getMethod("getInstance", String.class, String.class, argsClass, boolean.class);
            return getInstance.invoke(null, path, "C_GetFunctionList", args, false);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot load PKCS#11 library " + path + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach the JDK's PKCS#11 wrapper: " + e.getMessage(), e);
        }
    }

    private static Object invoke(Object module, String method, Class<?>[] types, Object... args) {
        try {
            return Class.forName("sun.security.pkcs11.wrapper.PKCS11")
                    .getMethod(method, types)
                    .invoke(module, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(method + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot call " + method + ": " + e.getMessage(), e);
        }
    }
}
