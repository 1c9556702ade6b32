import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { authMessage, socketUrl } from './client-messages.ts';
import { type ControlReply, type DashboardState, appendLog, initialState } from './dashboard-state.ts';
import { reduceEnvelope } from './reduce-envelope.ts';
import { type ConnectionStatus, LiveConnection } from './dom/connection.ts';
import { mountControls, renderReply } from './dom/control-view.ts';
import { ObjectivePlot } from './dom/line-plots.ts';
import { mapsChanged, renderMaps } from './dom/maps-panel.ts';
import { drawPolarization } from './dom/polarization-view.ts';
import { drawStructure } from './dom/structure-view.ts';
import { bestPoint } from './series.ts';
import { ServerInfoSchema } from './payloads.ts';
import { byId, renderConnection, renderLog, renderStatus } from './dom/status-view.ts';
import { TracePanel } from './dom/trace-panel.ts';

/** The dashboard: one state, fed by envelopes, redrawn at most once per animation frame. */
function start(): void {
  let state: DashboardState = initialState;
  let drawn: DashboardState | null = null;
  let scheduled = false;
  const objective = new ObjectivePlot(byId('plot-objective'));
  const trace = new TracePanel();

  const render = (): void => {
    scheduled = false;
    const prev = drawn;
    drawn = state;
    renderStatus(state);
    if (!prev || prev.log !== state.log) renderLog(state);
    if (!prev || mapsChanged(prev, state)) renderMaps(state);
    if (!prev || prev.points !== state.points || prev.run !== state.run) objective.update(state.points, state.run?.direction ?? 'maximize', state.run?.objective?.title);
    if (!prev || trace.changed(prev, state)) trace.render(state);
    if (state.structure) {
      // W3 measures loops, not PX/PY maps: this card shows the structural scan the candidates come from.
      if (!prev || prev.structure !== state.structure || prev.points !== state.points || prev.coordinates !== state.coordinates) renderStructure(state);
    } else if (!prev || prev.structure || prev.polarization !== state.polarization || (prev.loop === null) !== (state.loop === null)) {
      const empty = state.loop ? 'this campaign measures loops, not PX/PY maps' : 'waiting for the first measurement';
      byId('pol-name').textContent = 'Polarization map';
      drawPolarization(byId<HTMLCanvasElement>('polarization'), state.polarization, empty);
      const p = state.polarization;
      byId('pol-caption').textContent = p ? `· step ${p.step}, ${p.nx} × ${p.ny} sites, hue = direction, brightness = |P|` : '';
    }
    if (prev && prev.reply !== state.reply) renderReply(state.reply);
    controls.update(state);
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };
  const note = (level: 'warn' | 'error', text: string): void => {
    state = appendLog(state, [{ seq: state.lastSeq, ts: Date.now(), level, text }]);
    schedule();
  };

  let token: () => string | null = () => null;
  /** Asks the server what it is (live or replay) and which configs it can start; on every (re)connection. */
  const fetchServerInfo = async (): Promise<void> => {
    try {
      const info = ServerInfoSchema.safeParse(await (await fetch('/api/state')).json());
      if (!info.success) return;
      state = { ...state, mode: info.data.mode ?? 'live', configs: info.data.configs ?? [] };
      schedule();
    } catch {
      // offline: the next connection asks again
    }
  };
  const connection = new LiveConnection(socketUrl(window.location), {
    onEnvelope: (env) => {
      const next = reduceEnvelope(state, env);
      if (next !== state) { state = next; schedule(); }
    },
    onStatus: (status: ConnectionStatus) => {
      renderConnection(status);
      if (status.state === 'open') void fetchServerInfo();
      if (status.state === 'closed') note('warn', `connection lost; reconnecting in ${(status.retryMs / 1000).toFixed(1)} s from seq ${state.lastSeq}`);
    },
    onBadFrame: (error) => note('error', `ignored frame: ${error}`),
    lastSeq: () => state.lastSeq,
    onServerRestart: () => {
      state = { ...initialState, log: state.log };
      note('warn', 'the server restarted (its seq began again): reloading everything from the start');
    },
    greeting: () => {
      const t = token();
      return t === null ? [] : [authMessage(t)];
    },
  });
  const controls = mountControls({
    send: (m) => connection.send(m),
    report: (reply: ControlReply) => renderReply(reply),
  });
  token = controls.token;
  schedule();
  connection.start();
}

/** The structure card of a W3 run: its scan with the measured pixels and the best one. */
function renderStructure(s: DashboardState): void {
  const scan = s.structure!;
  const coords = s.coordinates;
  const measured = new Float64Array(2 * s.points.length);
  if (coords) s.points.forEach((p, i) => { measured[2 * i] = coords[2 * p.candidate]; measured[2 * i + 1] = coords[2 * p.candidate + 1]; });
  const best = s.run ? bestPoint(s.points, s.run.direction) : null;
  const at = best && coords ? [coords[2 * best.candidate], coords[2 * best.candidate + 1]] as const : null;
  byId('pol-name').textContent = 'Structure scan';
  drawStructure(byId<HTMLCanvasElement>('polarization'), scan, coords ? measured : new Float64Array(0), at, 'waiting for the scan');
  byId('pol-caption').textContent = `· ${scan.channel}, ${scan.nx} × ${scan.ny} px over ${scan.sizeUm} µm; dots = measured pixels, ring = best`;
}

start();
