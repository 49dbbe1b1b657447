/* A stand-in for an installed, running Conector +fidelidade, for the installer's upgrade test
 * under Wine (the real window needs the WebView2 runtime, which Wine lacks).
 *
 * It speaks tauri-plugin-single-instance 2.5's Windows protocol as the app does: the first
 * launch holds the mutex "<identifier>-sim" and a window of class "<identifier>-sic" named
 * "<identifier>-siw"; a second launch sends its working folder and arguments to that window
 * (WM_COPYDATA, dwData 1543, NUL-separated UTF-8) and exits. Like the app's callback, the first
 * one quits when the arguments hold --quit. It writes what happened to the file named by
 * argv[1] of the first launch ("started", "quit on request"), so the test can tell a clean
 * hand-over from a forced end. Built by the test with x86_64-w64-mingw32-gcc; never shipped. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#define ID L"br.com.conectorfidelidade.conector"
#define PAYLOAD_NUL 1543

static char journal[MAX_PATH];

static void note(const char *what)
{
    /* Binary: one "\n" per line, as the test reads it on Linux. */
    FILE *f = fopen(journal, "ab");
    if (f) {
        fprintf(f, "%s\n", what);
        fclose(f);
    }
}

static int holds_quit(const char *data, DWORD len)
{
    DWORD i = 0;
    while (i < len) {
        const char *arg = data + i;
        DWORD n = 0;
        while (i + n < len && data[i + n] != '\0')
            n++;
        if (n == 6 && memcmp(arg, "--quit", 6) == 0)
            return 1;
        i += n + 1;
    }
    return 0;
}

static LRESULT CALLBACK on_message(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_COPYDATA) {
        const COPYDATASTRUCT *cds = (const COPYDATASTRUCT *)lp;
        if (cds->dwData == PAYLOAD_NUL && holds_quit(cds->lpData, cds->cbData)) {
            note("quit on request");
            PostQuitMessage(0);
        }
        return TRUE;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static int forward(int argc, char **argv)
{
    HWND target = FindWindowW(ID L"-sic", ID L"-siw");
    char data[4096] = "";
    DWORD len;
    COPYDATASTRUCT cds;
    int i;
    if (!target)
        return 3;
    len = GetCurrentDirectoryA(sizeof data, data);
    for (i = 0; i < argc && len + strlen(argv[i]) + 2 < sizeof data; i++) {
        data[len++] = '\0';
        memcpy(data + len, argv[i], strlen(argv[i]));
        len += (DWORD)strlen(argv[i]);
    }
    cds.dwData = PAYLOAD_NUL;
    cds.cbData = len;
    cds.lpData = data;
    return SendMessageTimeoutW(target, WM_COPYDATA, 0, (LPARAM)&cds, SMTO_NORMAL, 10000, NULL)
               ? 0
               : 4;
}

int main(int argc, char **argv)
{
    WNDCLASSEXW wc = {sizeof wc};
    HANDLE mutex = CreateMutexW(NULL, TRUE, ID L"-sim");
    MSG msg;
    if (GetLastError() == ERROR_ALREADY_EXISTS)
        return forward(argc, argv);
    if (argc < 2)
        return 2;
    snprintf(journal, sizeof journal, "%s", argv[1]);
    wc.lpfnWndProc = on_message;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = ID L"-sic";
    RegisterClassExW(&wc);
    CreateWindowExW(WS_EX_TOOLWINDOW, ID L"-sic", ID L"-siw", WS_POPUP, 0, 0, 0, 0, NULL, NULL,
                    wc.hInstance, NULL);
    note("started");
    printf("ready\n");
    fflush(stdout);
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}
