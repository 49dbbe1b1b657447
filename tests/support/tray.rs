//! The app's process tree and window as the tray test and the tray benchmark see them: the
//! processes and their memory from `/proc`, the window over X11 (`x11rb`), the app's own log.
//! Shared by `tests/e2e_tray.rs` and `examples/bench_tray.rs` (included there by path).

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
pub use x11rb::protocol::xproto::Window;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConfigureWindowAux, ConnectionExt, EventMask, GetGeometryReply,
    GetImageReply, ImageFormat, MapState, StackMode,
};

/// Starts `app` on `profile` (its data, settings and cache folders), with `args` and `env`.
pub fn launch(app: &Path, profile: &Path, args: &[&str], env: &[(&str, &str)]) -> Child {
    Command::new(app)
        .args(args)
        .envs(env.iter().copied())
        .env("XDG_DATA_HOME", profile.join("data"))
        .env("XDG_CONFIG_HOME", profile.join("config"))
        .env("XDG_CACHE_HOME", profile.join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the app starts")
}

/// Every log file the app wrote under `profile`, concatenated.
pub fn logs(profile: &Path) -> String {
    conector_app::fixture::files_under(profile)
        .into_iter()
        .filter(|path| path.parent().and_then(Path::file_name) == Some("logs".as_ref()))
        .map(|path| std::fs::read_to_string(path).unwrap_or_default())
        .collect()
}

/// The processes under `root` (not itself), as (pid, command name), from `/proc`.
pub fn tree(root: u32) -> Vec<(u32, String)> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // `pid (comm) state ppid ...`: the name may hold spaces, so read after the last ')'.
        let Some((head, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let name = head.split_once(" (").map(|(_, n)| n.to_owned());
        let ppid = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok());
        if let (Some(name), Some(ppid)) = (name, ppid) {
            parents.push((pid, ppid, name));
        }
    }
    let mut inside = HashSet::from([root]);
    let mut found = Vec::new();
    loop {
        let before = found.len();
        for (pid, ppid, name) in &parents {
            if inside.contains(ppid) && inside.insert(*pid) {
                found.push((*pid, name.clone()));
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

/// The processes under `root` whose name starts with `kind` (`/proc/<pid>/stat` keeps 15
/// characters: "WebKitWebProces", "WebKitNetworkPr").
pub fn webkit(root: u32, kind: &str) -> Vec<u32> {
    tree(root)
        .into_iter()
        .filter(|(_, name)| name.starts_with(kind))
        .map(|(pid, _)| pid)
        .collect()
}

/// PSS in kB of one process (`/proc/<pid>/smaps_rollup`).
pub fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The X display and the atoms the test needs.
pub struct X {
    conn: x11rb::rust_connection::RustConnection,
    root: Window,
    net_wm_pid: u32,
    wm_protocols: u32,
    wm_delete: u32,
}

impl X {
    pub fn connect() -> X {
        let (conn, screen) = x11rb::connect(None).expect("an X display (run under Xvfb)");
        let root = conn.setup().roots[screen].root;
        let atom = |name: &str| {
            conn.intern_atom(false, name.as_bytes())
                .expect("intern")
                .reply()
                .expect("atom")
                .atom
        };
        let (net_wm_pid, wm_protocols, wm_delete) = (
            atom("_NET_WM_PID"),
            atom("WM_PROTOCOLS"),
            atom("WM_DELETE_WINDOW"),
        );
        X {
            conn,
            root,
            net_wm_pid,
            wm_protocols,
            wm_delete,
        }
    }

    /// The app's mapped top-level window, if it has one on screen.
    pub fn window_of(&self, pid: u32) -> Option<Window> {
        let children = self.conn.query_tree(self.root).ok()?.reply().ok()?.children;
        children.into_iter().find(|&w| {
            let owner = self
                .conn
                .get_property(false, w, self.net_wm_pid, AtomEnum::CARDINAL, 0, 1)
                .ok()
                .and_then(|c| c.reply().ok())
                .and_then(|p| p.value32().and_then(|mut v| v.next()));
            self.viewable(w) && owner == Some(pid)
        })
    }

    fn viewable(&self, window: Window) -> bool {
        self.conn
            .get_window_attributes(window)
            .ok()
            .and_then(|c| c.reply().ok())
            .is_some_and(|a| a.map_state == MapState::VIEWABLE)
    }

    /// The rectangles, in `window`'s own coordinates (its corner at `x`, `y` on the screen), of
    /// the mapped windows stacked above it: there `get_image` reads them, not the page (another
    /// test's notification bubble left on the screen has plenty of colours of its own).
    fn covered(&self, window: Window, x: i32, y: i32) -> Vec<(i32, i32, i32, i32)> {
        let Some(tree) = self
            .conn
            .query_tree(self.root)
            .ok()
            .and_then(|c| c.reply().ok())
        else {
            return Vec::new();
        };
        // `children` is in stacking order, bottom first.
        tree.children
            .iter()
            .skip_while(|&&w| w != window)
            .skip(1)
            .filter(|&&w| self.viewable(w))
            .filter_map(|&w| {
                let g = self.conn.get_geometry(w).ok()?.reply().ok()?;
                let border = 2 * i32::from(g.border_width);
                Some((
                    i32::from(g.x) - x,
                    i32::from(g.y) - y,
                    i32::from(g.width) + border,
                    i32::from(g.height) + border,
                ))
            })
            .collect()
    }

    /// The window's geometry and its pixels as the X server holds them.
    fn pixels(&self, window: Window) -> Result<(GetGeometryReply, GetImageReply), String> {
        let geometry = self
            .conn
            .get_geometry(window)
            .map_err(|e| e.to_string())?
            .reply()
            .map_err(|e| e.to_string())?;
        let image = self
            .conn
            .get_image(
                ImageFormat::Z_PIXMAP,
                window,
                0,
                0,
                geometry.width,
                geometry.height,
                !0,
            )
            .map_err(|e| e.to_string())?
            .reply()
            .map_err(|e| e.to_string())?;
        Ok((geometry, image))
    }

    /// Whether the window shows a page: a blank or single-colour window has a handful of
    /// colours, a rendered page with text has many more. Only the window's own pixels count,
    /// not those of windows stacked above it.
    pub fn painted(&self, window: Window) -> bool {
        let Ok((geometry, image)) = self.pixels(window) else {
            return false;
        };
        let covered = self.covered(window, i32::from(geometry.x), i32::from(geometry.y));
        let width = usize::from(geometry.width).max(1);
        let colours: HashSet<&[u8]> = image
            .data
            .chunks_exact(4)
            .enumerate()
            .filter(|(i, _)| {
                let (px, py) = ((i % width) as i32, (i / width) as i32);
                !covered
                    .iter()
                    .any(|&(x, y, w, h)| px >= x && px < x + w && py >= y && py < y + h)
            })
            .map(|(_, pixel)| pixel)
            .collect();
        colours.len() > 32
    }

    /// Waits until the app's window is on screen with its page painted.
    pub fn wait_painted(&self, pid: u32, within: Duration) -> Window {
        let deadline = Instant::now() + within;
        loop {
            if let Some(window) = self.window_of(pid).filter(|&w| self.painted(w)) {
                return window;
            }
            assert!(
                Instant::now() < deadline,
                "the window never showed its page"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The window's pixels as the X server shows them, as a PNG (what a person sees; the
    /// end-to-end screenshots are taken this way, see `E2e::screenshot`).
    pub fn png(&self, window: Window) -> Result<Vec<u8>, String> {
        let (geometry, image) = self.pixels(window)?;
        // Xvfb's 24-bit visual: four bytes a pixel, blue first.
        let rgb: Vec<u8> = image
            .data
            .chunks_exact(4)
            .flat_map(|p| [p[2], p[1], p[0]])
            .collect();
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(
            &mut out,
            u32::from(geometry.width),
            u32::from(geometry.height),
        );
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// Puts the window above every other (a screenshot reads what lies on top).
    pub fn raise(&self, window: Window) {
        let above = ConfigureWindowAux::new().stack_mode(StackMode::ABOVE);
        self.conn
            .configure_window(window, &above)
            .expect("configure");
        // A round trip: the server has restacked (and sent the app its expose) on return.
        self.conn
            .get_input_focus()
            .expect("request")
            .reply()
            .expect("reply");
    }

    /// What a window manager's close button sends: `WM_DELETE_WINDOW`.
    pub fn close(&self, window: Window) {
        let event = ClientMessageEvent::new(
            32,
            window,
            self.wm_protocols,
            [self.wm_delete, x11rb::CURRENT_TIME, 0, 0, 0],
        );
        self.conn
            .send_event(false, window, EventMask::NO_EVENT, event)
            .expect("send");
        self.conn.flush().expect("flush");
    }
}

/// CPU time used so far by `pid` (user + system), in clock ticks (`/proc/<pid>/stat`).
pub fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After `pid (comm) `: state is field 3 of the line, utime 14 and stime 15.
    let Some((_, rest)) = stat.rsplit_once(") ") else {
        return 0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |n: usize| fields.get(n - 3).and_then(|v| v.parse::<u64>().ok());
    field(14).unwrap_or(0) + field(15).unwrap_or(0)
}
