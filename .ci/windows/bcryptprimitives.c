/* Test tool only, never shipped: a stand-in for Windows' bcryptprimitives.dll.
 *
 * Rust's standard library (>= 1.78) takes its random numbers (HashMap keys, among
 * others) from ProcessPrng in bcryptprimitives.dll, which Windows 10 and 11 have and
 * Wine 8.0 (Debian 12) lacks: without this stand-in every Rust program exits with
 * code 53 under Wine before main. It forwards to RtlGenRandom (SystemFunction036 in
 * advapi32), which Wine has. .ci/windows.sh puts it into the Wine prefix's
 * system32, never beside the app's files. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
