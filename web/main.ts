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
    if (!prev || prev.points !== state.points || prev.run !== state.run) objective.update(state.points, state.run?.direction ?? 'maximize');
    if (!prev || trace.changed(prev, state)) trace.render(state);
    if (!prev || prev.polarization !== state.polarization || (prev.loop === null) !== (state.loop === null)) {
      const empty = state.loop ? 'this campaign measures loops, not PX/PY maps' : 'waiting for the first measurement';
      drawPolarization(byId<HTMLCanvasElement>('polarization'), state.polarization, empty);
      const p = state.polarization;
      byId('pol-caption').textContent = p ? `· step ${p.step}, ${p.nx} × ${p.ny} sites, hue = direction, brightness = |P|` : '';
    }
    if (prev && prev.reply !== state.reply) renderReply(state.reply);
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
  const connection = new LiveConnection(socketUrl(window.location), {
    onEnvelope: (env) => {
      const next = reduceEnvelope(state, env);
      if (next !== state) { state = next; schedule(); }
    },
    onStatus: (status: ConnectionStatus) => {
      renderConnection(status);
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
  token = mountControls({
    send: (m) => connection.send(m),
    report: (reply: ControlReply) => renderReply(reply),
  });
  schedule();
  connection.start();
}

start();
