# Conveniences around the scripts; the README quick start uses scripts/run.sh and scripts/test.sh (make may be missing on a fresh machine).
.PHONY: run test bench bindings fmt ui package package-windows screenshots

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench-all.sh

# Regenerates ui/src/lib/backend/bindings.ts from the Rust types.
bindings:
	UPDATE_BINDINGS=1 cargo test --test bindings bindings_are_up_to_date

fmt:
	cargo fmt --all

ui:
	cd ui && npm run build

# Builds the Linux installer (.deb) into target/release/bundle/deb/.
package:
	scripts/package.sh

# Builds the Windows installer (signed when CONECTOR_SIGN_PFX is set) into
# target/x86_64-pc-windows-gnu/release/bundle/nsis/; see docs/WINDOWS.md.
package-windows:
	scripts/windows/package.sh

# Copies the end-to-end tests' pictures into docs/screenshots (after `make test`).
screenshots:
	scripts/screenshots.sh
