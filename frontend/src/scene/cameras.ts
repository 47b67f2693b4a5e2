// The three ways to watch the drone. Line of sight: from the pilot's eyes, turning to keep
// the drone in view (smoothed), with a zoom. FPV: rigid on the airframe, tilted up by the
// camera's uptilt, never smoothed. Chase: behind and above the drone along its heading
// (smoothed).
import { MathUtils, PerspectiveCamera, Vector3 } from "three";
import type { Flight } from "../net/flight";
import type { ViewKind, ViewSpec } from "../world/description";
import { Damper } from "./damper";
import { AIRFRAME_LAYER, type DroneModel } from "./drone";
import { enuToThree } from "./frame";

export const VIEWS: readonly ViewKind[] = ["line_of_sight", "fpv", "chase"];

/** Vertical field of view of the line-of-sight camera, rad: widest and narrowest zoom. */
const LOS_WIDE = 60 * MathUtils.DEG2RAD;
const LOS_NARROW = 8 * MathUtils.DEG2RAD;
const CHASE_BACK = 3.5;
const CHASE_UP = 1.2;

const target = new Vector3();
const behind = new Vector3();

export class CameraRig {
  readonly los = new PerspectiveCamera(45, 1, 0.1, 3000);
  readonly fpv: PerspectiveCamera;
  readonly chase = new PerspectiveCamera(70, 1, 0.05, 3000);
  view: ViewKind;
  /** 0 widest .. 1 narrowest. */
  zoom = 0.25;
  private readonly lookDamper = new Damper(6);
  private readonly chaseDamper = new Damper(4);
  private readonly chaseLook = new Damper(10);

  constructor(spec: ViewSpec, drone: DroneModel) {
    this.view = spec.kind;
    enuToThree(spec.pilot[0], spec.pilot[1], spec.pilot[2], this.los.position);
    this.los.layers.enable(AIRFRAME_LAYER);
    this.chase.layers.enable(AIRFRAME_LAYER);
    // The FPV camera: three.js cameras look down -Z; turn -90 degrees about Y to look along
    // the nose (+X), then tilt up by the uptilt (Euler order YXZ: yaw first, then pitch).
    // spec.fov is the camera's horizontal field of view; three.js wants the vertical one,
    // set in resize().
    this.fpv = new PerspectiveCamera(90, 1, 0.02, 3000);
    this.fpv.rotation.order = "YXZ";
    this.fpv.rotation.set(spec.uptilt, -Math.PI / 2, 0);
    this.fpv.userData.hfov = spec.fov;
    drone.fpvMount.add(this.fpv);
  }

  get camera(): PerspectiveCamera {
    return this.view === "fpv" ? this.fpv : this.view === "chase" ? this.chase : this.los;
  }

  setView(view: ViewKind): void {
    this.view = view;
  }

  nextView(): ViewKind {
    this.view = VIEWS[(VIEWS.indexOf(this.view) + 1) % VIEWS.length]!;
    return this.view;
  }

  zoomBy(steps: number): void {
    this.zoom = MathUtils.clamp(this.zoom + steps * 0.08, 0, 1);
  }

  resize(width: number, height: number): void {
    const aspect = width / Math.max(1, height);
    for (const c of [this.los, this.fpv, this.chase]) c.aspect = aspect;
    const hfov = this.fpv.userData.hfov as number;
    this.fpv.fov = MathUtils.clamp(2 * Math.atan(Math.tan(hfov / 2) / aspect) * MathUtils.RAD2DEG, 30, 120);
    for (const c of [this.los, this.fpv, this.chase]) c.updateProjectionMatrix();
  }

  /** Moves the active camera for the drone's pose this frame (the drone already posed). */
  update(f: Flight, dt: number): void {
    enuToThree(f.x, f.y, f.z, target);
    if (this.view === "line_of_sight") {
      const look = this.lookDamper.update(target, dt);
      this.los.lookAt(look);
      const fov = LOS_WIDE * Math.pow(LOS_NARROW / LOS_WIDE, this.zoom) * MathUtils.RAD2DEG;
      if (Math.abs(this.los.fov - fov) > 1e-3) {
        this.los.fov = fov;
        this.los.updateProjectionMatrix();
      }
    } else if (this.view === "chase") {
      // Behind the drone along its heading (yaw only: the chase camera does not roll).
      const yaw = Math.atan2(2 * (f.qw * f.qz + f.qx * f.qy), 1 - 2 * (f.qy * f.qy + f.qz * f.qz));
      enuToThree(f.x - CHASE_BACK * Math.cos(yaw), f.y - CHASE_BACK * Math.sin(yaw), Math.max(0.3, f.z + CHASE_UP), behind);
      this.chase.position.copy(this.chaseDamper.update(behind, dt));
      this.chase.lookAt(this.chaseLook.update(target, dt));
    }
  }
}
