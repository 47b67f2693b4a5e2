// The drone: a quad-X airframe authored nose +X, up +Y, left -Z (scene/frame.ts), four props
// spinning the Betaflight way (1 rear-right CW, 2 front-right CCW, 3 rear-left CCW, 4
// front-left CW), the front arms and a nose light in orange so the heading reads from afar,
// a shadow disc on the ground and a drop line for depth, and a mount for the FPV camera.
import {
  BoxGeometry, BufferAttribute, BufferGeometry, CircleGeometry, CylinderGeometry, Group, Line,
  LineBasicMaterial, Mesh, MeshBasicMaterial, MeshStandardMaterial, Object3D, Vector3,
} from "three";
import type { Flight } from "../net/flight";
import { enuToThree, quatToThree } from "./frame";
import { disposeTree } from "./dispose";

/** m from the centre to each motor (a 250 mm class frame). */
const ARM = 0.125;
const D = ARM * Math.SQRT1_2;
/** [forward, left] in the body frame, spin +1 counter-clockwise seen from above. */
const MOTORS: readonly [number, number, number][] = [
  [-D, -D, -1], // 1 rear-right CW
  [D, -D, 1], // 2 front-right CCW
  [-D, D, 1], // 3 rear-left CCW
  [D, D, -1], // 4 front-left CW
];
/** The layer the airframe is drawn on: the FPV camera, inside it, leaves it out. */
export const AIRFRAME_LAYER = 1;
/** rad/s of the drawn props at full throttle (drawn, not physical: it reads as a blur). */
const SPIN = 60;

const scratch = new Vector3();

export class DroneModel {
  /** Posed every frame from the flight: position and attitude. */
  readonly root = new Group();
  /** The FPV camera's mount: at the front, looking along the nose. */
  readonly fpvMount = new Object3D();
  readonly shadow: Mesh;
  readonly dropLine: Line;
  private readonly props: Object3D[] = [];
  private readonly dropPositions: Float32Array;
  private readonly extras = new Group();

  constructor() {
    const dark = new MeshStandardMaterial({ color: 0x2b2f36, roughness: 0.6, metalness: 0.2 });
    const front = new MeshStandardMaterial({ color: 0xff7a1a, roughness: 0.5, emissive: 0x401800 });
    const rear = new MeshStandardMaterial({ color: 0x3c82dc, roughness: 0.5 });
    const body = new Mesh(new BoxGeometry(0.11, 0.04, 0.07), dark);
    this.root.add(body);
    const canopy = new Mesh(new BoxGeometry(0.05, 0.03, 0.05), front);
    canopy.position.set(0.035, 0.03, 0);
    this.root.add(canopy);
    const armGeometry = new BoxGeometry(ARM, 0.012, 0.018);
    const motorGeometry = new CylinderGeometry(0.014, 0.014, 0.02, 12);
    const bladeGeometry = new BoxGeometry(0.125, 0.003, 0.012);
    const discGeometry = new CircleGeometry(0.064, 24).rotateX(-Math.PI / 2);
    const blade = new MeshStandardMaterial({ color: 0xe8e8e8, roughness: 0.4 });
    const disc = new MeshBasicMaterial({ color: 0xffffff, transparent: true, opacity: 0.12, depthWrite: false });
    for (const [fx, fy, spin] of MOTORS) {
      const p = enuToThree(fx, fy, 0, scratch);
      const arm = new Mesh(armGeometry, fx > 0 ? front : rear);
      arm.position.set(p.x / 2, 0, p.z / 2);
      arm.rotation.y = -Math.atan2(p.z, p.x);
      const motor = new Mesh(motorGeometry, dark);
      motor.position.set(p.x, 0.015, p.z);
      const prop = new Group();
      prop.position.set(p.x, 0.03, p.z);
      prop.userData.spin = spin;
      prop.add(new Mesh(bladeGeometry, blade), new Mesh(discGeometry, disc));
      this.props.push(prop);
      this.root.add(arm, motor, prop);
    }
    const nose = new Mesh(new BoxGeometry(0.01, 0.01, 0.03), new MeshBasicMaterial({ color: 0xffe14d }));
    nose.position.set(0.06, 0, 0);
    this.root.add(nose);
    this.root.traverse((o) => o.layers.set(AIRFRAME_LAYER));
    this.fpvMount.position.set(0.06, 0.02, 0);
    this.root.add(this.fpvMount);

    this.shadow = new Mesh(
      new CircleGeometry(0.2, 24).rotateX(-Math.PI / 2),
      new MeshBasicMaterial({ color: 0x000000, transparent: true, opacity: 0.35, depthWrite: false }),
    );
    this.shadow.renderOrder = 1;
    this.dropPositions = new Float32Array(6);
    const lineGeometry = new BufferGeometry();
    lineGeometry.setAttribute("position", new BufferAttribute(this.dropPositions, 3));
    this.dropLine = new Line(lineGeometry, new LineBasicMaterial({ color: 0xffffff, transparent: true, opacity: 0.5 }));
    this.dropLine.frustumCulled = false;
    this.extras.add(this.shadow, this.dropLine);
  }

  /** Adds the drone, its shadow and drop line to `parent`. */
  addTo(parent: Object3D): void {
    parent.add(this.root, this.extras);
  }

  /** Poses the model from the flight; `dt` (s) only turns the props. */
  pose(f: Flight, dt: number): void {
    enuToThree(f.x, f.y, f.z, this.root.position);
    quatToThree(f.qw, f.qx, f.qy, f.qz, this.root.quaternion);
    const rate = f.armed ? SPIN * (0.3 + f.throttle) : 0;
    for (const p of this.props) p.rotation.y += (p.userData.spin as number) * rate * dt;
    const h = Math.max(0, f.z);
    this.shadow.position.set(this.root.position.x, 0.01, this.root.position.z);
    this.shadow.scale.setScalar(1 + h * 0.08);
    (this.shadow.material as MeshBasicMaterial).opacity = 0.35 / (1 + h * 0.15);
    const d = this.dropPositions;
    d[0] = d[3] = this.root.position.x;
    d[2] = d[5] = this.root.position.z;
    d[1] = this.root.position.y;
    d[4] = 0.01;
    this.dropLine.geometry.attributes.position!.needsUpdate = true;
    this.dropLine.visible = h > 0.3;
  }

  dispose(): void {
    disposeTree(this.root);
    disposeTree(this.extras);
  }
}
