/* Test-prefix stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks.
 *
 * Rust's standard library (1.78+) draws its random numbers from ProcessPrng in
 * bcryptprimitives.dll; without that DLL every Rust .exe stops at start under Wine 8 with
 * STATUS_DLL_NOT_FOUND (c0000135). This stub answers ProcessPrng with RtlGenRandom (advapi32's
 * SystemFunction036), which Wine implements. It is copied into the throwaway Wine prefix of the
 * tests only (scripts/windows/wine-prefix.sh) and NEVER shipped: every Windows 10/11 has the
 * real DLL. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a ULONG length: fill larger requests in pieces. */
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
