#!/usr/bin/python3
# The accessible names a screen reader hears: starts Kiln on a project under
# its own AT-SPI bus, walks the wizard's pages with the keyboard shortcuts and
# fails on a control with an empty name, a visible mnemonic underscore or a
# label said twice. Run inside dbus-run-session under Xvfb (see meson.build).
#
# Exit 77 (skip) only when the accessibility bus cannot be started.

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77

# Roles a user operates; their names are what a screen reader announces.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'combo box',
    'text', 'entry', 'password text', 'spin button', 'slider', 'switch',
    'menu button', 'link', 'toggle button', 'search box',
}


def log(*args):
    print('#', *args, flush=True)


def start_bus():
    launcher = None
    for path in ('/usr/libexec/at-spi-bus-launcher', '/usr/lib/at-spi2-core/at-spi-bus-launcher'):
        if os.access(path, os.X_OK):
            launcher = path
            break
    if launcher is None:
        print('1..0 # SKIP at-spi-bus-launcher is not installed (apt-get install at-spi2-core)')
        sys.exit(SKIP)
    if 'DBUS_SESSION_BUS_ADDRESS' not in os.environ:
        print('1..0 # SKIP no D-Bus session bus: run under dbus-run-session')
        sys.exit(SKIP)
    proc = subprocess.Popen([launcher, '--launch-immediately'],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        proc.terminate()
        print('1..0 # SKIP python3-pyatspi is not installed')
        sys.exit(SKIP)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            import pyatspi
            pyatspi.Registry.getDesktop(0).childCount
            return proc
        except Exception:
            time.sleep(0.2)
    proc.terminate()
    print('1..0 # SKIP the AT-SPI bus did not start within 15 s')
    sys.exit(SKIP)


def find_app(pyatspi, pid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            try:
                app = desktop.getChildAtIndex(i)
                if app is not None and app.get_process_id() == pid and app.childCount > 0:
                    return app
            except Exception:
                pass
        time.sleep(0.2)
    return None


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    try:
        n = node.childCount
    except Exception:
        return
    for i in range(n):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def is_shown(pyatspi, node):
    """Off-screen stack pages still sit in GTK 4.8's tree; only visible ones count."""
    while node is not None:
        try:
            states = node.getState()
        except Exception:
            return False
        try:
            if node.getRoleName() in ('frame', 'application'):
                return True
        except Exception:
            return False
        if not states.contains(pyatspi.STATE_VISIBLE):
            return False
        try:
            node = node.parent
        except Exception:
            return True
    return True


def said_twice(name):
    words = name.split()
    n = len(words)
    if n >= 2 and n % 2 == 0 and words[: n // 2] == words[n // 2:]:
        return True
    return False


def problems_in(pyatspi, app):
    found = []
    checked = 0
    for node in walk(app):
        try:
            role = node.getRoleName()
        except Exception:
            continue
        if role not in CONTROL_ROLES or not is_shown(pyatspi, node):
            continue
        checked += 1
        name = (node.name or '').strip()
        where = '%s in %s' % (role, (node.parent.name or node.parent.getRoleName()) if node.parent else '?')
        if name == '':
            found.append('%s has no accessible name' % where)
        elif re.search(r'(^|\s)_\w', name):
            found.append('%s “%s” shows a mnemonic underscore' % (where, name))
        elif said_twice(name):
            found.append('%s “%s” says its label twice' % (where, name))
        elif re.match(r'^(Gtk|Adw|Kiln)[A-Z]\w*$', name):
            found.append('%s is read as its type name “%s”' % (where, name))
    if checked == 0:
        found.append('no control was found on the accessibility bus')
    log('%d controls checked' % checked)
    return found


def any_control_shown(pyatspi, app):
    for node in walk(app):
        try:
            if node.getRoleName() in CONTROL_ROLES and is_shown(pyatspi, node):
                return True
        except Exception:
            continue
    return False


def find_button(pyatspi, app, label):
    for node in walk(app):
        try:
            if node.getRoleName() == 'push button' and (node.name or '') == label and is_shown(pyatspi, node):
                return node
        except Exception:
            continue
    return None


def click(pyatspi, app, label):
    button = find_button(pyatspi, app, label)
    if button is None:
        return False
    action = button.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate', 'press'):
            action.doAction(i)
            return True
    if action.nActions > 0:
        action.doAction(0)
        return True
    return False


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        time.sleep(0.3)
    return False


def main():
    binary = os.environ.get('KILN_BINARY')
    sample = os.environ.get('KILN_SAMPLE_DIR')
    if not binary or not sample:
        print('Bail out! KILN_BINARY and KILN_SAMPLE_DIR must be set')
        return 1

    # The test environment's G_DEBUG=fatal-warnings would turn at-spi's own
    # warnings in this process (“GetItems … cache”) into a SIGTRAP: GLib reads
    # it when gi loads, so drop it first.
    os.environ.pop('G_DEBUG', None)
    bus = start_bus()
    import pyatspi

    home = tempfile.mkdtemp(prefix='kiln-atspi-')
    project = os.path.join(home, 'hello_release')
    shutil.copytree(sample, project, ignore=shutil.ignore_patterns('_build', 'deps'))
    env = dict(os.environ)
    env.update({
        'HOME': home,
        'XDG_CONFIG_HOME': os.path.join(home, 'config'),
        'XDG_DATA_HOME': os.path.join(home, 'data'),
        'XDG_CACHE_HOME': os.path.join(home, 'cache'),
        'GTK_A11Y': 'atspi',
        'GDK_BACKEND': 'x11',
        'GSK_RENDERER': 'cairo',
    })
    env.pop('NO_AT_BRIDGE', None)
    env.pop('G_DEBUG', None)  # at-spi's own warnings are not Kiln's
    kiln = subprocess.Popen([binary, project], env=env)

    failures = []
    tests = 0
    try:
        app = find_app(pyatspi, kiln.pid, 30)
        if app is None:
            print('Bail out! Kiln did not appear on the accessibility bus within 30 s')
            return 1

        # Inspection runs Elixir: wait until the project page lets us go on.
        if not wait_for(lambda: find_button(pyatspi, app, 'Next') is not None and
                        find_button(pyatspi, app, 'Next').getState().contains(pyatspi.STATE_SENSITIVE), 120):
            failures.append('the project page never enabled Next')

        pages = ['project', 'release', 'overlays', 'build']
        for i, page in enumerate(pages):
            tests += 1
            time.sleep(1.0)
            # Under the sanitizers the accessibility tree can lag the page
            # switch by seconds: wait for the new page's controls to show.
            wait_for(lambda: any_control_shown(pyatspi, app), 30)
            problems = problems_in(pyatspi, app)
            if problems:
                print('not ok %d - %s page' % (tests, page))
                for p in problems:
                    print('#   ' + p)
                failures.extend(problems)
            else:
                print('ok %d - %s page' % (tests, page))
            if i + 1 < len(pages) and not click(pyatspi, app, 'Next'):
                failures.append('no Next button on the %s page' % page)
                break

        # Back to the start: the welcome page.
        tests += 1
        for _ in range(len(pages)):
            click(pyatspi, app, 'Back')
            time.sleep(0.6)
        time.sleep(1.0)
        wait_for(lambda: any_control_shown(pyatspi, app), 30)
        problems = problems_in(pyatspi, app)
        print('%s %d - welcome page' % ('not ok' if problems else 'ok', tests))
        for p in problems:
            print('#   ' + p)
        failures.extend(problems)
    finally:
        kiln.send_signal(signal.SIGTERM)
        try:
            kiln.wait(10)
        except subprocess.TimeoutExpired:
            kiln.kill()
        bus.terminate()
        shutil.rmtree(home, ignore_errors=True)

    for f in failures:
        print('# ' + f)
    print('1..%d' % tests)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
